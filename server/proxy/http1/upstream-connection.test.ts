import { type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { framedLength, responseHeaders, UpstreamConnection } from '@/server/proxy/http1/upstream-connection';
import { UpstreamExchange } from '@/server/proxy/http1/upstream-exchange';
import { UpstreamPool } from '@/server/proxy/http1/upstream-pool';
import { eventually, httpServer, rawServer, readHead, RecordingHandler, send, type TestServer } from '@/server/proxy/http1/upstream-test-kit';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A raw upstream that answers every request head with `answer(head)`, and a pool to it. */
async function answering(answer: (head: string, socket: Socket) => string | void): Promise<{ server: TestServer; pool: UpstreamPool }> {
  const server = await rawServer((socket) => {
    const next = (): void =>
      void readHead(socket).then((head) => {
        const text = answer(head, socket);
        if (text !== undefined) socket.write(text);
        next();
      });
    next();
  });
  const pool = new UpstreamPool('127.0.0.1', server.port);
  cleanups.push(() => server.close(), () => pool.destroy());
  return { server, pool };
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('UpstreamConnection response parsing', () => {
  it('skips 100 Continue and 103 Early Hints and forwards only the final response', async () => {
    const { pool, server } = await answering(() => `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n${OK}`);
    const outcome = await send(pool);
    expect(outcome).toMatchObject({ status: 200, body: 'ok', calls: ['start', 'response', 'data', 'end'] });
    expect(outcome.headers).toEqual({ 'content-length': '2' });
    expect((await send(pool)).body).toBe('ok');
    expect(server.sockets).toHaveLength(1);
  });

  it('reads no body for HEAD, 204 and 304 and keeps the connection', async () => {
    const { pool, server } = await answering((head) => {
      if (head.startsWith('HEAD')) return 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
      if (head.startsWith('GET /204')) return 'HTTP/1.1 204 No Content\r\n\r\n';
      if (head.startsWith('GET /304')) return 'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n';
      return OK;
    });
    expect(await send(pool, { method: 'HEAD' })).toMatchObject({ status: 200, body: '', calls: ['start', 'response', 'end'] });
    expect(await send(pool, { path: '/204' })).toMatchObject({ status: 204, body: '' });
    expect(await send(pool, { path: '/304' })).toMatchObject({ status: 304, body: '' });
    expect((await send(pool)).body).toBe('ok');
    expect(server.sockets).toHaveLength(1);
  });

  it('ends each response once, however it is framed, in any mix on one kept-alive connection and however its bytes are split', async () => {
    const answers: Record<string, string> = {
      '/length': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
      '/empty': 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
      '/chunked': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n',
      '/early': 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
      '/204': 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n',
      '/head': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n',
    };
    let split = false;
    const { pool, server } = await answering((head, socket) => {
      const text = answers[head.split(' ')[1] as string] as string;
      if (!split) return text;
      // One byte per write, a few milliseconds apart: the body comes in many reads.
      void (async () => {
        for (const byte of text) {
          socket.write(byte);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
    });
    const order = ['/length', '/chunked', '/empty', '/early', '/length', '/204', '/head', '/chunked', '/length'];
    const expected = { '/length': 'hello', '/empty': '', '/chunked': 'abc', '/early': 'ok', '/204': '', '/head': '' } as Record<string, string>;
    for (split of [false, true]) {
      for (const path of order) {
        const outcome = await send(pool, path === '/head' ? { method: 'HEAD', path } : { path });
        expect({ path, body: outcome.body, ended: outcome.calls.filter((c) => c === 'end').length, error: outcome.error }).toEqual({ path, body: expected[path], ended: 1, error: undefined });
        if (path === '/chunked') expect(outcome.trailers).toEqual({ 'x-t': '1' });
      }
    }
    expect(server.sockets).toHaveLength(1);
  });

  it('hands chunked trailers to onResponseEnd', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum' });
      res.write('hello ');
      res.addTrailers({ 'X-Checksum': 'abc' });
      res.end('world');
    });
    const pool = new UpstreamPool('127.0.0.1', server.port);
    cleanups.push(() => server.close(), () => pool.destroy());
    const outcome = await send(pool);
    expect(outcome).toMatchObject({ status: 200, body: 'hello world', trailers: { 'x-checksum': 'abc' } });
    expect(outcome.headers?.['transfer-encoding']).toBe('chunked');
    expect((await send(pool)).trailers).toEqual({ 'x-checksum': 'abc' });
  });

  it('collects many headers (flushed in pieces), repeated names as arrays, set-cookie always an array', async () => {
    const many = Array.from({ length: 80 }, (_, i) => `X-H${i}: v${i}\r\n`).join('');
    const { pool } = await answering(() => `HTTP/1.1 200 OK\r\n${many}Set-Cookie: a=1\r\nVary: a\r\nvary: b\r\nContent-Length: 2\r\n\r\nok`);
    const { headers } = await send(pool);
    expect(headers?.['x-h0']).toBe('v0');
    expect(headers?.['x-h79']).toBe('v79');
    expect(headers?.['set-cookie']).toEqual(['a=1']);
    expect(headers?.vary).toEqual(['a', 'b']);
  });

  it.each([
    ['an invalid header name', 'HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['two content-lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok', 'HPE_UNEXPECTED_CONTENT_LENGTH'],
    ['a bare LF line ending', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok', undefined],
    ['garbage', 'hello there\r\n\r\n', undefined],
  ])('fails %s as an invalid response', async (_name, answer, hpe) => {
    const { pool } = await answering(() => answer);
    const outcome = await send(pool);
    expect(outcome.error?.code).toBe('UPSTREAM_INVALID_RESPONSE');
    if (hpe !== undefined) expect((outcome.error?.cause as { code?: string }).code).toBe(hpe);
    expect(outcome.calls).toEqual(['start', 'error']);
    await eventually(() => pool.stats().connections === 0);
  });

  it('fails a 101 Switching Protocols on a plain request', async () => {
    const { pool } = await answering(() => 'HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n');
    expect((await send(pool)).error?.code).toBe('UPSTREAM_INVALID_RESPONSE');
  });

  it('fails a response head larger than maxHeaderSize', async () => {
    const server = await rawServer((socket) => void readHead(socket).then(() => socket.write(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(4096)}\r\n\r\n`)));
    const pool = new UpstreamPool('127.0.0.1', server.port, { maxHeaderSize: 1024 });
    cleanups.push(() => server.close(), () => pool.destroy());
    const outcome = await send(pool);
    expect((outcome.error?.cause as { code?: string }).code).toBe('HPE_HEADER_OVERFLOW');
  });

  it('does not reuse a connection that sent more than the response', async () => {
    const { pool, server } = await answering(() => `${OK}HTTP/1.1 204 No Content\r\n\r\n`);
    expect((await send(pool)).body).toBe('ok');
    expect((await send(pool)).body).toBe('ok');
    expect(server.sockets).toHaveLength(2);
  });

  it('does not reuse a connection whose response was followed by the start of another in the same read', async () => {
    // Only part of a head: the parser is mid-message when the response completes (no headers-complete to see).
    const { pool, server } = await answering(() => `${OK}HTTP/1.1 20`);
    expect((await send(pool)).body).toBe('ok');
    expect((await send(pool)).body).toBe('ok');
    expect(server.sockets).toHaveLength(2);
  });

  it('drops an idle connection that receives bytes', async () => {
    const { pool, server } = await answering(() => OK);
    await send(pool);
    server.sockets[0]?.write('HTTP/1.1 408 Request Timeout\r\n\r\n');
    await eventually(() => pool.stats().connections === 0);
    expect((await send(pool)).body).toBe('ok');
    expect(server.sockets).toHaveLength(2);
  });

  it('stops reading the upstream while paused (backpressure) and delivers everything after resume', async () => {
    const total = 32 * 1024 * 1024;
    let blocked = false;
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': total });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            blocked = true;
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const pool = new UpstreamPool('127.0.0.1', server.port);
    cleanups.push(() => server.close(), () => pool.destroy());
    const handler = new RecordingHandler();
    handler.onChunk = () => {
      if (handler.chunks.length === 1) handler.controller?.pause();
    };
    const outcome = send(pool, {}, handler);
    // Paused after the first chunk: the upstream's socket buffers fill up and its writes report backpressure.
    await eventually(() => blocked);
    await new Promise((r) => setTimeout(r, 100));
    const whilePaused = handler.received;
    await new Promise((r) => setTimeout(r, 50));
    expect(handler.received).toBe(whilePaused);
    expect(whilePaused).toBeLessThan(total);
    handler.controller?.resume();
    expect((await outcome).status).toBe(200);
    expect(handler.received).toBe(total);
  });
});

describe('UpstreamConnection connect timeout', () => {
  it('fails the exchange when the connection is not established in time', async () => {
    const server = await rawServer(() => undefined);
    cleanups.push(() => server.close());
    const forgotten: UpstreamConnection[] = [];
    const connection = new UpstreamConnection({ release: () => undefined, forget: (c) => forgotten.push(c) }, '127.0.0.1', server.port, { connectTimeoutMs: 10_000, maxHeaderSize: 16_384 });
    const handler = new RecordingHandler();
    const exchange = new UpstreamExchange({ method: 'GET', path: '/', headers: { host: 'h' }, body: null, headersTimeout: null }, handler);
    handler.onRequestStart(exchange);
    expect(exchange.prepare('h')).toBe(true);
    connection.start(exchange);
    // The socket's idle timer fires while it is still connecting (what a blackholed SYN looks like).
    connection.socket.emit('timeout');
    expect((await handler.settled).error?.code).toBe('UPSTREAM_CONNECT_TIMEOUT');
    await eventually(() => forgotten.length === 1);
  });
});

describe('responseHeaders', () => {
  it.each([
    [['Content-Length', '12'], 12],
    [['content-length', '0', 'X-A', 'b'], 0],
    [['X-A', 'b'], -1],
    [['Transfer-Encoding', 'chunked'], -1],
    [['Content-Length', '5', 'transfer-encoding', 'chunked'], -1],
    [['Content-Length', '5', 'Content-Length', '5'], -1],
    [['Content-Length', '5, 5'], -1],
    [['Content-Length', '+5'], -1],
    [['Content-Length', '1234567890123456'], -1],
  ])('frames %j by length as %i (else -1: the parser says when the body ends)', (raw, length) => {
    expect(framedLength(raw)).toBe(length);
  });

  it('lower-cases names, folds repeats into arrays and keeps prototype names as plain headers', () => {
    expect(responseHeaders(['Content-Type', 'a', 'X-A', '1', 'x-a', '2', 'x-a', '3', 'Constructor', 'c', 'SET-COOKIE', 's'])).toEqual({
      'content-type': 'a',
      'x-a': ['1', '2', '3'],
      constructor: 'c',
      'set-cookie': ['s'],
    });
  });
});
