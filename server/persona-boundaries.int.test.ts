import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortico, type RunningPortico } from '@/server/main';

/**
 * The demo personas' RBAC, enforced by the real server over HTTP (the console only ever hides
 * what this refuses). Sessions come from the real sign-in endpoint.
 */

const PASSWORD = 'persona-test-password';
const GW = '/k8s/apis/gateway.networking.k8s.io/v1';
let portico: RunningPortico;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-personas-'));
  portico = await startPortico({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    demo: true,
    console: false,
    demoPassword: PASSWORD,
    adminToken: 'persona-admin-token-0123456789',
    logLevel: 'silent',
  });
});

afterAll(async () => {
  await portico?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(username: string): Promise<Record<string, string>> {
  const res = await fetch(`${portico.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: portico.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toBeTruthy();
  return { cookie: cookie!, origin: portico.url, 'content-type': 'application/json' };
}

const route = (namespace: string, name = 'shop') => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace },
  spec: { parentRefs: [{ name: 'shared', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
});

const gateway = (namespace: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'mine', namespace },
  spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
});

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${portico.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { reason?: string; message?: string; kind?: string } };
}

describe('persona boundaries over HTTP', () => {
  it('refuses anonymous requests with 401 Unauthorized', async () => {
    const res = await call('GET', `${GW}/gateways`, {});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
  });

  it('lets ana manage routes in team-a only, never Gateways, never status', async () => {
    const ana = await signIn('ana');
    expect((await call('POST', `${GW}/namespaces/team-a/httproutes`, ana, route('team-a'))).status).toBe(201);

    const outside = await call('POST', `${GW}/namespaces/team-b/httproutes`, ana, route('team-b'));
    expect(outside.status).toBe(403);
    expect(outside.body.reason).toBe('Forbidden');
    expect(outside.body.message).toContain('User "ana" cannot create resource "httproutes"');

    const gw = await call('POST', `${GW}/namespaces/team-a/gateways`, ana, gateway('team-a'));
    expect(gw.status).toBe(403);
    expect(gw.body.message).toContain('"gateways"');

    const current = await call('GET', `${GW}/namespaces/team-a/httproutes/shop`, ana);
    expect(current.status).toBe(200);
    const statusWrite = await call('PUT', `${GW}/namespaces/team-a/httproutes/shop/status`, ana, {
      ...current.body,
      status: { parents: [] },
    });
    expect(statusWrite.status).toBe(403);
    expect(statusWrite.body.message).toContain('httproutes/status');
  });

  it('lets ian manage GatewayClasses but not touch routes', async () => {
    const ian = await signIn('ian');
    const gc = await call('POST', `${GW}/gatewayclasses`, ian, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'ians-class' },
      spec: { controllerName: 'portico.dev/gateway-controller' },
    });
    expect(gc.status).toBe(201);
    expect((await call('GET', `${GW}/namespaces/team-a/httproutes`, ian)).status).toBe(200);
    expect((await call('POST', `${GW}/namespaces/team-a/httproutes`, ian, route('team-a', 'ians'))).status).toBe(403);
    expect((await call('DELETE', `${GW}/namespaces/team-a/httproutes/shop`, ian)).status).toBe(403);
  });

  it('lets chihiro create Gateways and ReferenceGrants in any namespace', async () => {
    const chihiro = await signIn('chihiro');
    expect((await call('POST', `${GW}/namespaces/infra/gateways`, chihiro, gateway('infra'))).status).toBe(201);
    const grant = await call('POST', '/k8s/apis/gateway.networking.k8s.io/v1beta1/namespaces/team-b/referencegrants', chihiro, {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'from-team-a', namespace: 'team-b' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service' }] },
    });
    expect(grant.status).toBe(201);
    expect((await call('POST', `${GW}/namespaces/team-a/httproutes`, chihiro, route('team-a', 'hers'))).status).toBe(403);
  });

  it('refuses a cookie-authenticated write without a same-origin Origin (CSRF)', async () => {
    const ana = await signIn('ana');
    const { origin: _origin, ...noOrigin } = ana;
    const res = await call('POST', `${GW}/namespaces/team-a/httproutes`, noOrigin, route('team-a', 'csrf'));
    expect(res.status).toBe(403);
  });
});
