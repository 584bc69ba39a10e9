import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';
import { eventually } from '@/server/testing/eventually';
import { freeListenerOffset } from '@/server/testing/free-listener-offset';

/**
 * `portico start` with the demo on and the bundled proxy: the seeded Gateway is Programmed and
 * really serves the demo routes to the in-process echo backends, over HTTP and HTTPS; a restart
 * points the demo-owned EndpointSlices at the new echo ports; PORTICO_DEMO=0 starts empty.
 */

const ADMIN_TOKEN = 'demo-world-admin-token-0123456789';
const PASSWORD = 'demo-world-password-0123';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const GW = '/k8s/apis/gateway.networking.k8s.io/v1';
const SLICES = '/k8s/apis/discovery.k8s.io/v1';
const SHOP = 'shop.demo.portico.local';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
cleanups.push(() => agent.destroy());

/** A plain HTTP request with our own Host header (fetch does not let one set it). */
function get(port: number, pathname: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Echo {
  pod: string;
  namespace: string;
  service?: string;
}

async function echoFrom(port: number, host: string, extra: Record<string, string> = {}): Promise<Echo> {
  const res = await get(port, '/', { host, ...extra });
  if (res.status !== 200) throw new Error(`status ${res.status}: ${res.body}`);
  return JSON.parse(res.body) as Echo;
}

async function fetchObject(portico: PorticoProcess, apiPath: string): Promise<K8sObject> {
  const res = await fetch(`${portico.url}${apiPath}`, { headers: auth });
  if (res.status !== 200) throw new Error(`GET ${apiPath}: ${res.status}`);
  return (await res.json()) as K8sObject;
}

type Condition = { type: string; status: string; reason: string };

function start(dataDir: string, offset: number, env: Record<string, string> = {}): Promise<PorticoProcess> {
  return startPorticoProcess({
    dataDir,
    env: {
      PORTICO_ADMIN_TOKEN: ADMIN_TOKEN,
      PORTICO_DEMO: '1',
      PORTICO_DEMO_PASSWORD: PASSWORD,
      PORTICO_PROXY: '1',
      PORTICO_LISTENER_PORT_OFFSET: String(offset),
      PORTICO_PROXY_ADMIN_PORT: '0',
      ...env,
    },
  });
}

const slicePort = (slice: K8sObject) => (slice.ports as Array<{ port: number }>)[0]?.port;

describe('the demo world', () => {
  it('serves the demo routes through the bundled proxy and follows the echo ports across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-demo-world-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const offset = await freeListenerOffset();
    const httpPort = 80 + offset;
    const httpsPort = 443 + offset;
    const first = await start(dataDir, offset);
    cleanups.push(() => first.stop());

    await eventually(async () => {
      const gateway = await fetchObject(first, `${GW}/namespaces/infra/gateways/public`);
      const conditions = (gateway.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
      return conditions.find((c) => c.type === 'Programmed')?.status === 'True' ? true : undefined;
    }, 'infra/public Programmed=True');
    await eventually(async () => ((await get(httpPort, '/', { host: SHOP })).status === 200 ? true : undefined), 'the shop to answer 200');

    // The weighted split: 80/20 between shop-v1 and shop-v2, with a generous tolerance.
    const seen = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const echo = await echoFrom(httpPort, SHOP);
      expect(echo.namespace).toBe('team-a');
      seen.set(echo.service ?? '', (seen.get(echo.service ?? '') ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['shop-v1', 'shop-v2']);
    expect(seen.get('shop-v2')).toBeGreaterThanOrEqual(15);
    expect(seen.get('shop-v2')).toBeLessThanOrEqual(75);

    // The header match always reaches v2, whose pod name starts with its Service's name.
    for (let i = 0; i < 20; i++) {
      const echo = await echoFrom(httpPort, SHOP, { 'x-canary': 'true' });
      expect(echo.service).toBe('shop-v2');
      expect(echo.pod.startsWith('shop-v2')).toBe(true);
    }

    const redirect = await get(httpPort, '/old-cart', { host: SHOP });
    expect(redirect.status).toBe(301);
    expect(String(redirect.headers.location)).toMatch(/^http:\/\/shop\.demo\.portico\.local(:\d+)?\/cart$/);

    expect(await echoFrom(httpPort, 'pay.demo.portico.local')).toMatchObject({ namespace: 'team-b', service: 'payments' });

    // The cross-namespace rule waits for a ReferenceGrant: refused in status, not served.
    const route = await eventually(async () => {
      const object = await fetchObject(first, `${GW}/namespaces/team-a/httproutes/storefront`);
      const parents = (object.status as { parents?: Array<{ conditions?: Condition[] }> } | undefined)?.parents ?? [];
      const resolved = parents[0]?.conditions?.find((c) => c.type === 'ResolvedRefs');
      return resolved ? resolved : undefined;
    }, 'storefront ResolvedRefs');
    expect(route).toMatchObject({ status: 'False', reason: 'RefNotPermitted' });
    expect((await get(httpPort, '/pay', { host: SHOP })).status).toBe(500);

    // HTTPS on the 443 listener, with the certificate kept in infra/public-tls.
    const secret = await fetchObject(first, '/k8s/api/v1/namespaces/infra/secrets/public-tls');
    const secretCert = new X509Certificate(Buffer.from((secret.data as Record<string, string>)['tls.crt'] ?? '', 'base64'));
    const tls = await new Promise<{ status: number; body: string; certDer: Buffer }>((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port: httpsPort, path: '/', servername: SHOP, headers: { host: SHOP }, rejectUnauthorized: false, agent: false },
        (res) => {
          const certDer = (res.socket as TLSSocket).getPeerCertificate().raw;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, certDer }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(tls.status).toBe(200);
    expect((JSON.parse(tls.body) as Echo).namespace).toBe('team-a');
    expect(tls.certDer.equals(secretCert.raw)).toBe(true);
    expect(secretCert.subjectAltName).toContain('DNS:*.demo.portico.local');

    // A user takes over the payments slice by removing the demo label: restarts leave it alone.
    const taken = await fetch(`${first.url}${SLICES}/namespaces/team-b/endpointslices/payments-demo`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { 'app.kubernetes.io/managed-by': null } } }),
    });
    expect(taken.status).toBe(200);
    const takenSlice = (await taken.json()) as K8sObject;
    const before = await fetchObject(first, `${SLICES}/namespaces/team-a/endpointslices/shop-v1-demo`);
    expect(await first.stop()).toBe(0);

    const second = await start(dataDir, offset);
    cleanups.push(() => second.stop());
    const after = await fetchObject(second, `${SLICES}/namespaces/team-a/endpointslices/shop-v1-demo`);
    if (slicePort(after) !== slicePort(before)) expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    const takenAfter = await fetchObject(second, `${SLICES}/namespaces/team-b/endpointslices/payments-demo`);
    expect(takenAfter.metadata.resourceVersion).toBe(takenSlice.metadata.resourceVersion);
    // The old echo servers are gone with the old process: answers prove the slices were rewritten.
    const services = new Set<string>();
    await eventually(async () => {
      services.add((await echoFrom(httpPort, SHOP)).service ?? '');
      services.add((await echoFrom(httpPort, SHOP, { 'x-canary': 'true' })).service ?? '');
      return services.has('shop-v1') && services.has('shop-v2') ? true : undefined;
    }, 'traffic to both shop versions after the restart');
    expect(await second.stop()).toBe(0);
  });

  it('starts empty with PORTICO_DEMO=0', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-demo-off-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const portico = await start(dataDir, await freeListenerOffset(), { PORTICO_DEMO: '0', PORTICO_PROXY: '0' });
    cleanups.push(() => portico.stop());
    for (const list of [`${GW}/gateways`, `${GW}/gatewayclasses`, `${GW}/httproutes`, `${SLICES}/endpointslices`, '/k8s/api/v1/services']) {
      const res = await fetch(`${portico.url}${list}`, { headers: auth });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toEqual([]);
    }
    const namespaces = (await (await fetch(`${portico.url}/k8s/api/v1/namespaces`, { headers: auth })).json()) as { items: K8sObject[] };
    expect(namespaces.items.map((n) => n.metadata.name)).not.toContain('team-a');
    expect(await portico.stop()).toBe(0);
  });
});
