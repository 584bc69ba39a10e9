import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Http1Handlers, type Http1Limits } from '@/server/proxy/http1/http1-connection';
import { type Http1Request } from '@/server/proxy/http1/http1-request';
import { type Http1Response } from '@/server/proxy/http1/http1-response';
import { Http1Server } from '@/server/proxy/http1/http1-server';

const LIMITS: Http1Limits = { maxHeaderSize: 1024, headersTimeoutMs: 100, requestTimeoutMs: 200, keepAliveTimeoutMs: 300 };

interface Harness {
  port: number;
  http1: Http1Server;
  net: Server;
}

const open: Harness[] = [];

/** A real listening socket whose connections are ours; `handler` answers each request. */
async function serve(handler: (req: Http1Request, res: Http1Response) => void, upgrade?: Http1Handlers['upgrade']): Promise<Harness> {
  const http1 = new Http1Server({ request: handler, upgrade: upgrade ?? ((_req, socket) => socket.destroy()) }, LIMITS);
  const net = createServer((socket) => http1.accept(socket));
  await new Promise<void>((resolve) => net.listen(0, '127.0.0.1', resolve));
  const harness = { port: (net.address() as AddressInfo).port, http1, net };
  open.push(harness);
  return harness;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    h.http1.closeAll();
    await new Promise<void>((resolve) => h.net.close(() => resolve()));
  }
});

/** Writes `text` (one write), collects everything until the server closes or `untilBytes` match. */
function exchange(port: number, text: string | string[], opts: { until?: RegExp; endAfterWrite?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = connect(port, '127.0.0.1', () => {
      for (const part of Array.isArray(text) ? text : [text]) socket.write(part);
      if (opts.endAfterWrite) socket.end();
    });
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      got += d;
      if (opts.until?.test(got)) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

const echoPath = (req: Http1Request, res: Http1Response): void => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(req.url) });
  res.end(req.url);
};

function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

describe('Http1Connection', () => {
  it('answers keep-alive requests on one connection in order, also when pipelined and answered out of order', async () => {
    const { port } = await serve((req, res) => setTimeout(() => echoPath(req, res), req.url === '/slow' ? 50 : 0));
    const out = await exchange(port, 'GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\nGET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(statuses(out)).toEqual([200, 200, 200]);
    expect(out.indexOf('/slow')).toBeLessThan(out.indexOf('/fast'));
    expect(out.indexOf('/fast')).toBeLessThan(out.indexOf('/last'));
    expect(out).toMatch(/connection: close\r\n/);
  });

  it('frames a body without length as chunked for HTTP/1.1 (with trailers) and close-delimited for HTTP/1.0', async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('hello ');
      res.addTrailers({ 'x-checksum': 'abc' });
      setTimeout(() => res.end('world'), 5);
    });
    const v11 = await exchange(port, 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(v11).toMatch(/transfer-encoding: chunked\r\n/);
    expect(v11).toContain('\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\nx-checksum: abc\r\n\r\n');
    const v10 = await exchange(port, 'GET / HTTP/1.0\r\n\r\n');
    expect(v10).not.toMatch(/transfer-encoding/);
    expect(v10).toMatch(/connection: close\r\n/);
    expect(v10.endsWith('\r\n\r\nhello world')).toBe(true);
  });

  it('keeps an HTTP/1.0 connection alive only when the client asks, and says so', async () => {
    const { port } = await serve(echoPath);
    const out = await exchange(port, 'GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n');
    expect(statuses(out)).toEqual([200, 200]);
    expect(out).toMatch(/connection: keep-alive\r\n[\s\S]*connection: close\r\n/);
  });

  it('sends no body for HEAD, 204 and 304 but keeps the given length', async () => {
    const { port } = await serve((req, res) => {
      const status = req.url === '/204' ? 204 : req.url === '/304' ? 304 : 200;
      res.writeHead(status, status === 200 ? { 'content-length': 5 } : {});
      res.end(status === 200 ? 'hello' : undefined);
    });
    const out = await exchange(port, 'HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET /204 HTTP/1.1\r\nHost: a\r\n\r\nGET /304 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(statuses(out)).toEqual([200, 204, 304]);
    expect(out).toMatch(/content-length: 5\r\n/);
    expect(out).not.toContain('hello');
    expect(out).not.toMatch(/transfer-encoding/);
  });

  it('streams a chunked request body to the handler and parses the next request after it', async () => {
    const bodies: string[] = [];
    const { port } = await serve((req, res) => {
      let body = '';
      req.setEncoding('latin1');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, { 'content-length': 0 });
        res.end();
      });
    });
    const out = await exchange(port, 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nConnection: close\r\n\r\nxy');
    expect(statuses(out)).toEqual([200, 200]);
    expect(bodies).toEqual(['abcde', 'xy']);
  });

  it('ends every request once, with or without a body, in any mix on one connection, in one write or byte by byte', async () => {
    const ended: string[] = [];
    const handler = (req: Http1Request, res: Http1Response): void => {
      let body = '';
      req.setEncoding('latin1');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        ended.push(`${req.method} ${req.url} ${body}`);
        res.writeHead(200, { 'content-length': body.length });
        res.end(body);
      });
    };
    const requests = [
      'GET /a HTTP/1.1\r\nHost: a\r\n\r\n',
      'POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nxyz',
      'GET /c HTTP/1.1\r\nHost: a\r\n\r\n',
      'POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n',
      'POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 00\r\n\r\n',
      'POST /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      'DELETE /g HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    ];
    const expected = ['GET /a ', 'POST /b xyz', 'GET /c ', 'POST /d ', 'POST /e ', 'POST /f hi', 'DELETE /g '];
    const { port } = await serve(handler);
    expect(statuses(await exchange(port, requests.join('')))).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(ended).toEqual(expected);
    ended.length = 0;
    expect(statuses(await exchange(port, [...requests.join('')]))).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(ended).toEqual(expected);
  });

  it('discards a body the handler never read, so the next request on the connection is served', async () => {
    const { port } = await serve(echoPath);
    const out = await exchange(port, `POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}GET /second HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    expect(statuses(out)).toEqual([200, 200]);
    expect(out).toContain('/second');
  });

  it('answers Expect: 100-continue with an interim 100 and any other expectation with 417', async () => {
    const { port } = await serve(echoPath);
    const cont = await exchange(port, ['POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n', 'x']);
    expect(statuses(cont)).toEqual([100, 200]);
    const other = await exchange(port, 'GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\nConnection: close\r\n\r\n');
    expect(statuses(other)).toEqual([417]);
  });

  it.each([
    { name: 'a header name that is not a token', raw: 'GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n', status: 400 },
    { name: 'a control character in a value', raw: 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\x01b\r\n\r\n', status: 400 },
    { name: 'Content-Length with Transfer-Encoding', raw: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', status: 400 },
    { name: 'two different Content-Lengths', raw: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', status: 400 },
    { name: 'a bare LF line ending', raw: 'GET / HTTP/1.1\nHost: a\n\n', status: 400 },
    { name: 'a missing Host', raw: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
    { name: 'headers over the size limit', raw: `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(2000)}\r\n\r\n`, status: 431 },
    { name: 'a bad request line', raw: 'GET\r\n\r\n', status: 400 },
  ])('refuses $name with $status and closes, without calling the handler', async ({ raw, status }) => {
    let called = false;
    const { port } = await serve((req, res) => {
      called = true;
      echoPath(req, res);
    });
    const out = await exchange(port, raw);
    expect(statuses(out)).toEqual([status]);
    expect(out).toMatch(/connection: close\r\n/);
    expect(called).toBe(false);
  });

  it('answers 408 to a client that takes too long to send its headers or its body, and closes idle keep-alive connections', async () => {
    const h = await serve(echoPath);
    const slowHeaders = exchange(h.port, 'GET / HTTP/1.1\r\nHost: a\r\n');
    // A head begun in the same read as a whole request before it: the parser's clock tells.
    const slowSecondHead = exchange(h.port, 'GET /first HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHo');
    const slowBody = exchange(h.port, 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc');
    const idle = exchange(h.port, 'GET /idle HTTP/1.1\r\nHost: a\r\n\r\n');
    await waitFor(() => h.http1.size === 4);
    await new Promise((r) => setTimeout(r, 30));
    h.http1.sweep(performance.now() + 150); // past the header deadline, not yet the request or keep-alive ones
    expect(statuses(await slowHeaders)).toEqual([408]);
    expect(statuses(await slowSecondHead)).toEqual([200, 408]);
    h.http1.sweep(performance.now() + 250);
    // The body's request already has a response in flight (the handler answered at once), so it is cut, not answered twice.
    expect(statuses(await slowBody)).toEqual([200]);
    h.http1.sweep(performance.now() + 350);
    expect(statuses(await idle)).toEqual([200]);
    await waitFor(() => h.http1.size === 0);
  });

  it('hands an upgrade request over with the bytes that followed its head, and the socket with every later byte', async () => {
    let seen: { url: string; head: string } | undefined;
    const { port } = await serve(echoPath, (req, socket: Socket, head) => {
      seen = { url: req.url, head: head.toString('latin1') };
      socket.write('HTTP/1.1 101 Switching Protocols\r\n\r\n');
      socket.once('data', (later: Buffer) => socket.end(`tunnel got ${later.toString('latin1')}`));
    });
    let got = '';
    const client = connect(port, '127.0.0.1', () => client.write('GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nearly-bytes'));
    client.on('data', (d: Buffer) => {
      if (got === '') client.write('GET /not-http HTTP/1.1\r\n\r\n');
      got += d.toString('latin1');
    });
    await new Promise((resolve) => client.on('close', resolve));
    expect(got).toBe('HTTP/1.1 101 Switching Protocols\r\n\r\ntunnel got GET /not-http HTTP/1.1\r\n\r\n');
    expect(seen).toEqual({ url: '/ws', head: 'early-bytes' });
  });

  it('stops reading a request body its handler does not take yet (the client backs up), then delivers all of it', async () => {
    const total = 16 * 1024 * 1024;
    let request: Http1Request | undefined;
    let received = -1;
    const { port } = await serve((req, res) => {
      request = req;
      req.pause();
      let bytes = 0;
      req.on('data', (d: Buffer) => (bytes += d.length));
      req.on('end', () => {
        received = bytes;
        res.writeHead(200, { 'content-length': 0 });
        res.end();
      });
    });
    const client = connect(port, '127.0.0.1');
    client.on('error', () => {});
    client.write(`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${total}\r\n\r\n`);
    // More than the kernel buffers hold: the rest stays in the client's stream while the proxy does not read.
    client.write(Buffer.alloc(total, 0x61));
    await waitFor(() => request !== undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(client.writableLength).toBeGreaterThan(0);
    request!.resume();
    await waitFor(() => received === total);
    client.destroy();
  });

  it('writes an already validated head byte for byte as writeHead does, framing and date included', async () => {
    const headers = { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'], 'x-empty': '', 'transfer-encoding': 'chunked', date: 'Thu, 01 Jan 2026 00:00:00 GMT' };
    const { port } = await serve((req, res) => {
      if (req.url === '/validated') res.writeValidatedHead(200, { ...headers });
      else res.writeHead(200, { ...headers });
      res.end('body');
    });
    const [checked, validated] = await Promise.all([
      exchange(port, 'GET /checked HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'),
      exchange(port, 'GET /validated HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'),
    ]);
    expect(validated).toBe(checked);
    expect(checked).toContain('set-cookie: a=1\r\nset-cookie: b=2\r\n');
  });

  it('tells a response its client went away, and refuses invalid header values before writing anything', async () => {
    let closed: Promise<boolean> | undefined;
    let refused: unknown;
    const { port } = await serve((_req, res) => {
      try {
        res.writeHead(200, { 'x-bad': 'a\r\nInjected: yes' });
      } catch (err) {
        refused = err;
      }
      closed = new Promise((resolve) => res.on('close', () => resolve(res.destroyed && !res.writableFinished && !res.headersSent)));
    });
    let received = '';
    const client = connect(port, '127.0.0.1', () => client.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    client.on('data', (d: Buffer) => (received += d.toString('latin1')));
    await waitFor(() => closed !== undefined);
    client.destroy();
    expect(await closed).toBe(true);
    expect(received).toBe('');
    expect((refused as { code?: string }).code).toBe('ERR_INVALID_CHAR');
  });

  it('closes idle connections at once and busy ones after their response when the listener goes away', async () => {
    let pending: Http1Response | undefined;
    const h = await serve((req, res) => {
      if (req.url === '/busy') pending = res;
      else echoPath(req, res);
    });
    const idle = exchange(h.port, 'GET /quick HTTP/1.1\r\nHost: a\r\n\r\n');
    const busy = exchange(h.port, 'GET /busy HTTP/1.1\r\nHost: a\r\n\r\n');
    await waitFor(() => pending !== undefined && h.http1.size === 2);
    await new Promise((r) => setTimeout(r, 30));
    h.http1.closeIdle();
    expect(statuses(await idle)).toEqual([200]);
    pending!.writeHead(200, { 'content-length': 4 });
    pending!.end('done');
    const out = await busy;
    expect(out).toMatch(/connection: close\r\n/);
    expect(out.endsWith('done')).toBe(true);
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}
