import { request } from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawServer, readHead, type TestServer } from '@/server/proxy/http1/upstream-test-kit';
import { type RunningProxy, startProxy } from '@/server/proxy/start-proxy';
import { freePort, ManualFeed, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { buildTestSnapshot, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';

/**
 * The proxy's forwarding path end to end through its own upstream client (http1/upstream-pool.ts),
 * against raw upstreams that misbehave the ways real ones do.
 */
describe('proxy forwarding over its own HTTP/1.1 upstream client', () => {
  let proxy: RunningProxy;
  let port: number;
  /** Answers the first request of each connection, then drops the connection at its next request (a keep-alive race). */
  let once: TestServer;
  /** Answers by path: /early-hints (103 then 200), /bad-header (invalid response), /head-length (HEAD with a length), else 200. */
  let odd: TestServer;
  const feed = new ManualFeed();

  beforeAll(async () => {
    once = await rawServer((socket) => {
      let served = 0;
      const next = (): void =>
        void readHead(socket).then(() => {
          if (served++ > 0) return void socket.destroy();
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nonce');
          next();
        });
      next();
    });
    odd = await rawServer((socket) => {
      const next = (): void =>
        void readHead(socket).then((head) => {
          if (head.startsWith('GET /early-hints')) socket.write('HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhints');
          else if (head.startsWith('GET /bad-header')) socket.write('HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nno');
          else if (head.startsWith('HEAD')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n');
          else if (head.startsWith('GET /slow-body')) {
            socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
            setTimeout(() => socket.write('4\r\nlate\r\n0\r\n\r\n'), 500);
          }
          else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
          next();
        });
      next();
    });
    port = await freePort();
    proxy = await startProxy({ feed, portOffset: 0, adminPort: 0, logger: pino({ level: 'silent' }), proxyId: 'proxy-upstream' });
    const ack = await feed.push(
      buildTestSnapshot([
        {
          name: 'http',
          port,
          routes: [
            { name: 'once', hostnames: ['once.com'], backends: [serviceBackend('once', [{ address: '127.0.0.1', port: once.port }])] },
            { name: 'odd', hostnames: ['odd.com'], backends: [serviceBackend('odd', [{ address: '127.0.0.1', port: odd.port }])] },
          ],
        },
      ]),
    );
    expect(ack.accepted).toBe(true);
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([once?.close(), odd?.close()]);
  });

  it('sends a bodiless request once more when its kept-alive connection turns out closed, but not one with a body', async () => {
    expect(await sendRequest({ port, host: 'once.com' })).toMatchObject({ status: 200, body: 'once' });
    // The kept-alive connection is dropped under the second request: retried on a new one.
    expect(await sendRequest({ port, host: 'once.com' })).toMatchObject({ status: 200, body: 'once' });
    expect(once.sockets).toHaveLength(2);
    // The same race with a body: the body may be gone, so no retry.
    expect((await sendRequest({ port, host: 'once.com', method: 'POST', body: 'payload' })).status).toBe(502);
  });

  it('skips a 103 from the upstream and forwards the final response', async () => {
    expect(await sendRequest({ port, host: 'odd.com', path: '/early-hints' })).toMatchObject({ status: 200, body: 'hints' });
  });

  it('answers 502 for an invalid upstream response', async () => {
    expect((await sendRequest({ port, host: 'odd.com', path: '/bad-header' })).status).toBe(502);
  });

  it('forwards a response head at once when its body comes later', async () => {
    const started = performance.now();
    const head = await new Promise<{ status: number; ms: number; body: Promise<string> }>((resolve, reject) => {
      const req = request({ port, host: '127.0.0.1', path: '/slow-body', headers: { host: 'odd.com' } }, (res) => {
        const ms = performance.now() - started;
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (body += d));
        resolve({ status: res.statusCode ?? 0, ms, body: new Promise((done) => res.on('end', () => done(body))) });
      });
      req.on('error', reject);
      req.end();
    });
    expect(head.status).toBe(200);
    expect(head.ms).toBeLessThan(400);
    expect(await head.body).toBe('late');
  });

  it('reads no body for HEAD and keeps serving on the upstream connection', async () => {
    const sockets = odd.sockets.length;
    const head = await sendRequest({ port, host: 'odd.com', method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('5');
    expect(await sendRequest({ port, host: 'odd.com' })).toMatchObject({ status: 200, body: 'ok' });
    expect(odd.sockets.length).toBeLessThanOrEqual(sockets + 1);
  });
});
