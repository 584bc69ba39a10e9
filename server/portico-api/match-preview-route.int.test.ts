import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatchPreviewResponse, SimulatedRequestInput, TestRequestResponse } from '@/lib/api/match-preview';
import { eventually } from '@/server/testing/eventually';
import { freeListenerOffset } from '@/server/testing/free-listener-offset';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';

/**
 * The request simulator against a real Portico with its bundled proxy and the demo world: the
 * prediction names the rule the proxy really serves (the echo backend says which Service
 * answered), the real request goes to the address the proxy bound, routes another team owns
 * stay anonymous, and RBAC on the Gateway is enforced.
 */

const ADMIN_TOKEN = 'simulator-admin-token-0123456789';
const PASSWORD = 'simulator-password-0123';
const SHOP = 'shop.demo.portico.local';
const PAY = 'pay.demo.portico.local';
const gateway = { namespace: 'infra', name: 'public' };

let portico: PorticoProcess;
let dataDir: string;
let anaCookie: string;

async function call<T>(endpoint: string, body: unknown, credentials: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` }) {
  const res = await fetch(`${portico.url}${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json', ...credentials }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string; message: string } } };
}

const preview = (req: Omit<SimulatedRequestInput, 'gateway'>, credentials?: Record<string, string>) => call<MatchPreviewResponse>('/api/match-preview', { gateway, ...req }, credentials);
const send = (req: Omit<SimulatedRequestInput, 'gateway'>, credentials?: Record<string, string>) => call<TestRequestResponse>('/api/test-request', { gateway, ...req }, credentials);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-simulator-'));
  portico = await startPorticoProcess({
    dataDir,
    env: {
      PORTICO_ADMIN_TOKEN: ADMIN_TOKEN,
      PORTICO_DEMO: '1',
      PORTICO_DEMO_PASSWORD: PASSWORD,
      PORTICO_PROXY: '1',
      PORTICO_LISTENER_PORT_OFFSET: String(await freeListenerOffset()),
      PORTICO_PROXY_ADMIN_PORT: '0',
    },
  });
  const login = await fetch(`${portico.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana', password: PASSWORD }) });
  expect(login.status).toBe(200);
  anaCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  // The proxy serves the demo once it has acknowledged the snapshot.
  await eventually(async () => ((await send({ host: SHOP, path: '/', headers: [{ name: 'x-canary', value: 'true' }] })).body.status === 200 ? true : undefined), 'the proxy to serve the demo');
  // The HTTPS listener and its route may arrive in a later snapshot than the HTTP ones: wait for them too.
  await eventually(async () => ((await send({ scheme: 'https', host: PAY, path: '/' })).body.status === 200 ? true : undefined), 'the proxy to serve the demo over HTTPS');
});

afterAll(async () => {
  await portico?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /api/match-preview and /api/test-request', () => {
  it('predicts the rule the proxy really serves, and sends to the bound listener address', async () => {
    const req = { host: SHOP, path: '/products', headers: [{ name: 'x-canary', value: 'true' }] };
    const predicted = await preview(req);
    expect(predicted.status).toBe(200);
    expect(predicted.body.listener?.name).toBe('infra/public/http');
    expect(predicted.body.winner).toMatchObject({ route: { kind: 'HTTPRoute', namespace: 'team-a', name: 'storefront' }, ruleIndex: 0 });
    expect(predicted.body.winner?.backends.map((b) => b.label)).toEqual(['team-a/shop-v2:80']);
    // Every other storefront rule lost, each with a reason.
    const losers = predicted.body.candidates.filter((c) => !c.selected);
    expect(losers.length).toBeGreaterThan(0);
    for (const c of losers) expect(c.reasons.length).toBeGreaterThan(0);

    const real = await send(req);
    expect(real.status).toBe(200);
    expect(real.body.status).toBe(200);
    expect(real.body.address).toMatch(/^127\.\d+\.\d+\.\d+:\d+$/);
    expect(JSON.parse(real.body.body)).toMatchObject({ namespace: 'team-a', service: 'shop-v2', path: '/products' });
  });

  it('predicts a redirect exactly as the proxy answers it', async () => {
    const req = { host: SHOP, path: '/old-cart', query: 'a=1' };
    const predicted = await preview(req);
    expect(predicted.body.answer).toMatchObject({ kind: 'redirect', status: 301 });
    const real = await send(req);
    expect(real.body.status).toBe(301);
    expect(real.body.headers.location).toBe(predicted.body.answer.location);
  });

  it('predicts a miss as the proxy answers it', async () => {
    const predicted = await preview({ host: 'nobody.example.org', path: '/' });
    expect(predicted.body.miss?.reason).toBe('no-virtual-host');
    expect((await send({ host: 'nobody.example.org', path: '/' })).body.status).toBe(predicted.body.answer.status);
  });

  it('serves HTTPS listeners with the Host as SNI', async () => {
    const req = { scheme: 'https' as const, host: PAY, path: '/' };
    const predicted = await preview(req);
    expect(predicted.body.listener?.protocol).toBe('HTTPS');
    expect(predicted.body.winner?.route).toEqual({ kind: 'HTTPRoute', namespace: 'team-b', name: 'payments' });
    const real = await send(req);
    expect(real.body.status).toBe(200);
    expect(JSON.parse(real.body.body)).toMatchObject({ namespace: 'team-b', service: 'payments' });
  });

  it("shows another team's route without its name to a user who may not read it", async () => {
    const cookie = { cookie: anaCookie, origin: portico.url };
    const res = await preview({ scheme: 'https', host: PAY, path: '/' }, cookie);
    expect(res.status).toBe(200);
    expect(res.body.winner?.route).toEqual({ kind: 'HTTPRoute', namespace: 'team-b' });
    expect(JSON.stringify(res.body)).not.toContain('payments');
  });

  it('refuses bad input, missing credentials, cross-site cookies and callers who may not get the Gateway', async () => {
    expect((await preview({ host: '' })).status).toBe(400);
    expect((await preview({ host: SHOP }, {})).status).toBe(401);
    expect((await preview({ host: SHOP }, { cookie: anaCookie, origin: 'http://evil.example' })).status).toBe(403);
    const del = await fetch(`${portico.url}/k8s/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/portico:app-team-a:gateway-viewer`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(del.status).toBe(200);
    const denied = await send({ host: SHOP }, { cookie: anaCookie, origin: portico.url });
    expect(denied.status).toBe(403);
    expect(denied.body.error?.message).toContain('may not get gateways infra/public');
  });
});
