import { createHash } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamPool } from '@/server/proxy/http1/upstream-pool';
import { eventually, httpServer, rawServer, readHead, send, type TestServer } from '@/server/proxy/http1/upstream-test-kit';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function poolFor(server: TestServer): UpstreamPool {
  const pool = new UpstreamPool('127.0.0.1', server.port);
  cleanups.push(() => server.close(), () => pool.destroy());
  return pool;
}

/** A raw upstream that records each request head and answers 200 "ok" (reading no body). */
async function headRecorder(): Promise<{ heads: string[]; pool: UpstreamPool; server: TestServer }> {
  const heads: string[] = [];
  const server = await rawServer((socket) => {
    const next = (): void =>
      void readHead(socket).then((head) => {
        heads.push(head);
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        next();
      });
    next();
  });
  return { heads, server, pool: poolFor(server) };
}

/** An upstream answering with the body's size and sha256 and the framing headers it saw. */
async function digestServer(onRequest?: (req: IncomingMessage) => void): Promise<TestServer> {
  return httpServer((req, res) => {
    const hash = createHash('sha256');
    let size = 0;
    onRequest?.(req);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => res.end(JSON.stringify({ size, sha: hash.digest('hex'), length: req.headers['content-length'] ?? null, te: req.headers['transfer-encoding'] ?? null })));
  });
}

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('UpstreamExchange request head', () => {
  it('writes the head with our framing, never the client framing headers', async () => {
    const { heads, pool } = await headRecorder();
    await send(pool, { method: 'GET', path: '/a?b=1', headers: { host: 'shop.example', 'x-list': ['1', '2'], 'x-n': 3, connection: 'close', 'transfer-encoding': 'chunked' } });
    await send(pool, { method: 'POST', path: '/p', headers: { host: 'shop.example', 'content-length': '0' } });
    await send(pool, { method: 'DELETE', path: '/d', headers: {} });
    expect(heads).toEqual([
      'GET /a?b=1 HTTP/1.1\r\nhost: shop.example\r\nx-list: 1\r\nx-list: 2\r\nx-n: 3\r\n\r\n',
      'POST /p HTTP/1.1\r\nhost: shop.example\r\ncontent-length: 0\r\n\r\n',
      expect.stringMatching(/^DELETE \/d HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\n\r\n$/),
    ]);
  });
});

describe('UpstreamExchange request body', () => {
  it('sends a body with its Content-Length as given', async () => {
    const pool = poolFor(await digestServer());
    const data = Buffer.from('x'.repeat(100_000));
    const outcome = await send(pool, { method: 'PUT', headers: { host: 'h', 'content-length': String(data.length) }, body: Readable.from([data.subarray(0, 10), Buffer.alloc(0), data.subarray(10)]) });
    expect(JSON.parse(outcome.body)).toEqual({ size: data.length, sha: sha(data), length: String(data.length), te: null });
  });

  it('sends a body without a length chunked (the client transfer-encoding is only a hint)', async () => {
    const pool = poolFor(await digestServer());
    const parts = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('b'.repeat(70_000)), Buffer.from('c')];
    const outcome = await send(pool, { method: 'POST', headers: { host: 'h', 'transfer-encoding': 'chunked' }, body: Readable.from(parts) });
    expect(JSON.parse(outcome.body)).toEqual({ size: 70_002, sha: sha(Buffer.concat(parts)), length: null, te: 'chunked' });
    // The connection is clean afterwards.
    expect((await send(pool)).status).toBe(200);
  });

  it('stops reading the body while the upstream does not read (backpressure), then sends all of it', async () => {
    let upstreamRequest: IncomingMessage | undefined;
    const pool = poolFor(
      await digestServer((req) => {
        upstreamRequest = req;
        req.pause();
      }),
    );
    const body = new PassThrough();
    const outcome = send(pool, { method: 'POST', headers: { host: 'h' }, body });
    const chunk = Buffer.alloc(64 * 1024, 0x62);
    let written = 0;
    // Write until the body stream reports backpressure: the exchange paused it because the socket is full.
    while (body.write(chunk)) {
      written += chunk.length;
      if (written > 512 * 1024 * 1024) throw new Error('no backpressure');
      await new Promise((resolve) => setImmediate(resolve));
    }
    written += chunk.length;
    expect(body.isPaused()).toBe(true);
    await eventually(() => upstreamRequest !== undefined);
    upstreamRequest?.resume();
    body.end();
    expect(JSON.parse((await outcome).body)).toMatchObject({ size: written, te: 'chunked' });
  });

  it('delivers a response that comes before the body ends and does not reuse that connection', async () => {
    const server = await rawServer((socket) => void readHead(socket).then(() => socket.write('HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\n\r\n')));
    const pool = poolFor(server);
    const body = new PassThrough();
    body.write('some of the body');
    expect(await send(pool, { method: 'POST', headers: { host: 'h' }, body })).toMatchObject({ status: 413, calls: ['start', 'response', 'end'] });
    await eventually(() => pool.stats().connections === 0);
  });

  it.each([
    ['fails', (body: PassThrough) => body.destroy(new Error('client reset'))],
    ['ends short of its content-length', (body: PassThrough) => body.end()],
  ])('fails the exchange when the body %s', async (_name, breakBody) => {
    const server = await rawServer((socket) => socket.resume());
    const pool = poolFor(server);
    const body = new PassThrough();
    const outcome = send(pool, { method: 'POST', headers: { host: 'h', 'content-length': '1000' }, body });
    body.write('partial');
    await eventually(() => server.sockets.length === 1);
    breakBody(body);
    expect((await outcome).error?.code).toBe('UPSTREAM_REQUEST_BODY');
    await eventually(() => server.sockets[0]?.destroyed === true);
  });

  it('forwards Expect: 100-continue and skips the upstream 100 Continue', async () => {
    const pool = poolFor(await digestServer());
    const outcome = await send(pool, { method: 'POST', headers: { host: 'h', expect: '100-continue', 'content-length': '3' }, body: Readable.from([Buffer.from('abc')]) });
    expect(outcome.calls).toEqual(['start', 'response', 'data', 'end']);
    expect(JSON.parse(outcome.body)).toMatchObject({ size: 3 });
  });
});
