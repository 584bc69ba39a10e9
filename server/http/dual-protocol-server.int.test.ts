import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateServingCertificate } from '@/server/tls/serving-certificate';
import { createDualProtocolServer, type DualProtocolServer } from './dual-protocol-server';

let dual: DualProtocolServer;
let port: number;
let ca: string;

beforeAll(async () => {
  const tls = await generateServingCertificate(['localhost', '127.0.0.1']);
  ca = tls.certPem;
  dual = createDualProtocolServer({
    tls: { cert: tls.certPem, key: tls.keyPem },
    firstByteTimeoutMs: 200,
    headersTimeoutMs: 300,
    connectionsCheckingIntervalMs: 100,
    handler: (req, res) => {
      const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
      res.end(JSON.stringify({ encrypted, url: req.url }));
    },
  });
  await new Promise<void>((resolve) => dual.server.listen(0, '127.0.0.1', resolve));
  port = (dual.server.address() as AddressInfo).port;
});

afterAll(async () => {
  // Keep-alive connections of both protocols are open here; closing must end them at once.
  const agents = [new https.Agent({ keepAlive: true, ca }), new http.Agent({ keepAlive: true })];
  await Promise.all(
    agents.map(
      (agent, i) =>
        new Promise<void>((resolve, reject) => {
          (i === 0 ? https : http)
            .get({ host: '127.0.0.1', port, path: '/keep', agent }, (res) => {
              res.resume();
              res.on('end', resolve);
            })
            .on('error', reject);
        }),
    ),
  );
  const started = Date.now();
  await new Promise<void>((resolve) => {
    dual.server.close(() => resolve());
    dual.closeAllConnections();
  });
  // Without connection tracking this waited out the 5 s keep-alive timeout.
  expect(Date.now() - started).toBeLessThan(2_000);
});

function httpsGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port, path, ca, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('one port, HTTP and HTTPS', () => {
  it('serves plain HTTP', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/plain`);
    expect(await res.json()).toEqual({ encrypted: false, url: '/plain' });
  });

  it('serves HTTPS with the serving certificate, verified against it as CA', async () => {
    expect(JSON.parse(await httpsGet('/secure'))).toEqual({ encrypted: true, url: '/secure' });
  });

  it('keeps serving both after many mixed connections', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? httpsGet(`/s${i}`).then((b) => JSON.parse(b).encrypted) : fetch(`http://127.0.0.1:${port}/p${i}`).then(async (r) => (await r.json()).encrypted),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 1));
  });

  it('cuts off a client that sends its headers too slowly', async () => {
    const socket = net.connect(port, '127.0.0.1');
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n');
    let response = '';
    socket.on('data', (c: Buffer) => (response += c.toString()));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that never sends a byte', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true));
    });
    expect(closed).toBe(true);
  });
});
