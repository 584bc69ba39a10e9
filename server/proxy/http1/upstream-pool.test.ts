import { once } from 'node:events';
import { type ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamPool } from '@/server/proxy/http1/upstream-pool';
import { eventually, httpServer, rawServer, readHead, RecordingHandler, send, type TestServer } from '@/server/proxy/http1/upstream-test-kit';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends TestServer | UpstreamPool>(thing: T): T {
  cleanups.push(() => (thing instanceof UpstreamPool ? thing.destroy() : thing.close()));
  return thing;
}

/** An upstream answering with the client port it saw (which connection served the request). */
async function portEcho(): Promise<TestServer> {
  return track(await httpServer((req, res) => res.end(String(req.socket.remotePort))));
}

describe('UpstreamPool keep-alive', () => {
  it('reuses one connection for sequential requests', async () => {
    const server = await portEcho();
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    const first = await send(pool);
    const second = await send(pool);
    expect(first.status).toBe(200);
    expect(second.body).toBe(first.body);
    expect(server.sockets).toHaveLength(1);
    expect(pool.stats()).toEqual({ connections: 1, idle: 1, queued: 0 });
  });

  it('hands out the most recently released connection first (LIFO)', async () => {
    const server = await portEcho();
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    const ended: string[] = [];
    await Promise.all([1, 2, 3].map(() => send(pool).then((o) => ended.push(o.body))));
    expect(server.sockets).toHaveLength(3);
    expect((await send(pool)).body).toBe(ended.at(-1));
  });

  it('opens at most maxConnections and queues the rest first in, first out', async () => {
    const held: ServerResponse[] = [];
    const server = track(await httpServer((req, res) => (req.url === '/hold' ? held.push(res) : res.end(req.url))));
    const pool = track(new UpstreamPool('127.0.0.1', server.port, { maxConnections: 2 }));
    const holds = [send(pool, { path: '/hold' }), send(pool, { path: '/hold' })];
    const order: string[] = [];
    const queued = ['/q1', '/q2', '/q3'].map((path) => send(pool, { path }).then((o) => order.push(o.body)));
    await eventually(() => held.length === 2);
    expect(pool.stats()).toEqual({ connections: 2, idle: 0, queued: 3 });
    held[0]?.end('done');
    await Promise.all(queued);
    expect(order).toEqual(['/q1', '/q2', '/q3']);
    held[1]?.end('done');
    await Promise.all(holds);
    expect(server.sockets).toHaveLength(2);
  });

  it('gives a queued request a new connection when the busy one is not reusable', async () => {
    const server = track(await httpServer((req, res) => res.setHeader('connection', 'close').end(req.url)));
    const pool = track(new UpstreamPool('127.0.0.1', server.port, { maxConnections: 1 }));
    const bodies = await Promise.all(['/1', '/2', '/3'].map((path) => send(pool, { path }).then((o) => o.body)));
    expect(bodies).toEqual(['/1', '/2', '/3']);
    expect(server.sockets).toHaveLength(3);
  });

  it('drops an aborted request from the queue', async () => {
    const held: ServerResponse[] = [];
    const server = track(await httpServer((req, res) => (req.url === '/hold' ? held.push(res) : res.end(req.url))));
    const pool = track(new UpstreamPool('127.0.0.1', server.port, { maxConnections: 1 }));
    const hold = send(pool, { path: '/hold' });
    const handler = new RecordingHandler();
    const aborted = send(pool, { path: '/aborted' }, handler);
    const after = send(pool, { path: '/after' });
    handler.controller?.abort(new Error('gone'));
    expect((await aborted).calls).toEqual(['start', 'error']);
    await eventually(() => held.length === 1);
    held[0]?.end('done');
    expect((await after).body).toBe('/after');
    await hold;
  });

  it('closes idle connections after idleTimeoutMs', async () => {
    const server = await portEcho();
    const pool = track(new UpstreamPool('127.0.0.1', server.port, { idleTimeoutMs: 40 }));
    await send(pool);
    expect(pool.stats().connections).toBe(1);
    await eventually(() => pool.stats().connections === 0);
    await eventually(() => server.sockets[0]?.destroyed === true);
  });

  it('drops a connection the upstream closed while idle and opens a new one', async () => {
    const server = await portEcho();
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    const first = await send(pool);
    server.sockets[0]?.end();
    await eventually(() => pool.stats().connections === 0);
    const second = await send(pool);
    expect(second.status).toBe(200);
    expect(second.body).not.toBe(first.body);
  });

  it.each([
    ['Connection: close', 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'],
    ['HTTP/1.0 without keep-alive', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'],
    ['a body read until close', 'HTTP/1.1 200 OK\r\n\r\nok'],
  ])('does not reuse a connection after %s', async (_name, answer) => {
    const server = track(
      await rawServer((socket) => {
        void readHead(socket).then(() => {
          socket.write(answer);
          if (!answer.includes('Content-Length')) socket.end();
        });
      }),
    );
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    expect(await send(pool)).toMatchObject({ status: 200, body: 'ok', calls: ['start', 'response', 'data', 'end'] });
    expect(await send(pool)).toMatchObject({ status: 200, body: 'ok' });
    expect(server.sockets).toHaveLength(2);
  });
});

describe('UpstreamPool failures', () => {
  it('keeps the OS code of a refused connection', async () => {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const pool = track(new UpstreamPool('127.0.0.1', port));
    const outcome = await send(pool);
    expect(outcome.error?.code).toBe('ECONNREFUSED');
    expect(outcome.calls).toEqual(['start', 'error']);
  });

  it('reports a reused connection that closes before any response byte as stale (retryable)', async () => {
    let requests = 0;
    const server = track(
      await rawServer((socket) => {
        socket.on('data', () => {
          requests++;
          if (requests === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
          else socket.destroy();
        });
      }),
    );
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    expect((await send(pool)).body).toBe('ok');
    const outcome = await send(pool);
    expect(outcome.error?.code).toBe('UPSTREAM_STALE_CONNECTION');
  });

  it('reports a fresh connection that closes before the response as closed, not stale', async () => {
    const server = track(await rawServer((socket) => void readHead(socket).then(() => socket.end())));
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    expect((await send(pool)).error?.code).toBe('UPSTREAM_CLOSED');
  });

  it('reports a reset in the middle of the body after the response started', async () => {
    const server = track(
      await rawServer((socket) => {
        void readHead(socket).then(() => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
          setImmediate(() => socket.resetAndDestroy());
        });
      }),
    );
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    const outcome = await send(pool);
    expect(outcome.calls).toEqual(['start', 'response', 'data', 'error']);
    expect(['ECONNRESET', 'UPSTREAM_CLOSED']).toContain(outcome.error?.code);
    await eventually(() => pool.stats().connections === 0);
  });

  it('times out a response head that never comes and drops the connection', async () => {
    const server = track(await rawServer(() => undefined));
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    const outcome = await send(pool, { headersTimeout: 50 });
    expect(outcome.error?.code).toBe('UPSTREAM_HEADERS_TIMEOUT');
    await eventually(() => pool.stats().connections === 0);
  });

  it('keeps a long headers deadline with its sweep instead of a timer, for running and queued exchanges alike', async () => {
    const server = track(await rawServer(() => undefined));
    const pool = track(new UpstreamPool('127.0.0.1', server.port, { maxConnections: 1 }));
    const settled: string[] = [];
    const running = send(pool, { headersTimeout: 60_000 }).then((o) => (settled.push('running'), o));
    const queued = send(pool, { headersTimeout: 60_000 }).then((o) => (settled.push('queued'), o));
    await eventually(() => server.sockets.length === 1);
    pool.sweep(performance.now() + 30_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([]);
    expect(pool.stats().queued).toBe(1);
    pool.sweep(performance.now() + 61_000);
    expect((await running).error?.code).toBe('UPSTREAM_HEADERS_TIMEOUT');
    expect((await queued).error?.code).toBe('UPSTREAM_HEADERS_TIMEOUT');
  });

  it('refuses an invalid request before writing anything', async () => {
    const server = await portEcho();
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    for (const request of [{ headers: { 'x-bad': 'a\r\nx-smuggled: 1' } }, { path: '/a b' }, { method: 'G T' }, { headers: { 'bad name': '1' } }]) {
      const outcome = await send(pool, request);
      expect(outcome.error?.code).toBe('UPSTREAM_INVALID_REQUEST');
      expect(outcome.calls).toEqual(['start', 'error']);
    }
    expect(pool.stats().connections).toBe(0);
    expect(server.sockets).toHaveLength(0);
  });

  it('abort() destroys the connection and stops every handler call', async () => {
    const server = track(await httpServer((_req, res) => res.write('x'.repeat(1024))));
    const pool = track(new UpstreamPool('127.0.0.1', server.port));
    const handler = new RecordingHandler();
    handler.onChunk = () => handler.controller?.abort(new Error('client went away'));
    const outcome = await send(pool, {}, handler);
    expect(outcome.error?.message).toBe('client went away');
    await eventually(() => pool.stats().connections === 0);
    await eventually(() => server.sockets[0]?.destroyed === true);
    expect(handler.calls).toEqual(['start', 'response', 'data', 'error']);
  });
});

describe('UpstreamPool close and destroy', () => {
  it('close() lets a running exchange finish, then closes, and refuses new requests', async () => {
    const held: ServerResponse[] = [];
    const server = track(await httpServer((_req, res) => held.push(res)));
    const pool = new UpstreamPool('127.0.0.1', server.port);
    const running = send(pool);
    await eventually(() => held.length === 1);
    const closed = pool.close();
    expect((await send(pool)).error?.code).toBe('UPSTREAM_POOL_CLOSED');
    held[0]?.end('finished');
    expect((await running).body).toBe('finished');
    await closed;
    expect(pool.stats().connections).toBe(0);
  });

  it('destroy() fails running and queued exchanges', async () => {
    const server = track(await httpServer(() => undefined));
    const pool = new UpstreamPool('127.0.0.1', server.port, { maxConnections: 1 });
    const running = send(pool);
    const queued = send(pool);
    await eventually(() => server.sockets.length === 1);
    await pool.destroy();
    expect((await running).error?.code).toBe('UPSTREAM_POOL_CLOSED');
    expect((await queued).error?.code).toBe('UPSTREAM_POOL_CLOSED');
  });
});
