import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortico, type RunningPortico } from '@/server/main';
import { createK8sAdminClient } from '@/server/testing/k8s-admin-client';

/**
 * Diagnostics inside a real Portico: routes written through /k8s with the admin token, and the
 * portico.dev/ conditions the controller writes into their status (and keeps in
 * controller.diagnostics() for /api) as routes come and go.
 */

const ADMIN_TOKEN = 'diagnostics-test-admin-token-0123456789';
const GW = 'gateway.networking.k8s.io';
const CONTROLLER = 'portico.dev/gateway-controller';
const SHADOWED = 'portico.dev/RulesShadowed';
const CONFLICT = 'portico.dev/HostnameConflict';
let portico: RunningPortico;
let dir: string;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}
interface Obj {
  metadata: { name: string; resourceVersion?: string };
  status?: { parents?: { controllerName: string; conditions: Condition[] }[] };
}

const { request: k8s, create, until } = createK8sAdminClient<Obj>(() => portico.url, ADMIN_TOKEN);

const ours = (o: Obj) => o.status?.parents?.find((p) => p.controllerName === CONTROLLER)?.conditions ?? [];
const conditionOf = (o: Obj, type: string) => ours(o).find((c) => c.type === type);
const routes = (ns: string) => `/apis/${GW}/v1/namespaces/${ns}/httproutes`;

const route = (name: string, pathPrefix: string) => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: { name },
  spec: {
    parentRefs: [{ name: 'gw', namespace: 'infra' }],
    hostnames: ['app.example.com'],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: pathPrefix } }], backendRefs: [{ name: 'backend', port: 8080 }] }],
  },
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-diagnostics-'));
  portico = await startPortico({ dataDir: dir, host: '127.0.0.1', port: 0, demo: false, console: false, adminToken: ADMIN_TOKEN, logLevel: 'silent' });
  await portico.controller.ready;
  for (const name of ['infra', 'team-a', 'team-b']) await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  for (const ns of ['team-a', 'team-b']) {
    await create(`/api/v1/namespaces/${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend' }, spec: { ports: [{ port: 8080, protocol: 'TCP' }] } });
  }
  await create(`/apis/${GW}/v1/gatewayclasses`, { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'portico' }, spec: { controllerName: CONTROLLER } });
  await create(`/apis/${GW}/v1/namespaces/infra/gateways`, {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: 'gw' },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
  });
});

afterAll(async () => {
  await portico?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('route diagnostics in a running Portico', () => {
  it('marks a shadowed route in its status, without rewriting it while nothing changes, and clears it when the shadowing route is deleted', async () => {
    // `first` is created first (and sorts first by name, should both get the same second).
    await create(routes('team-a'), route('first', '/api'));
    await until(`${routes('team-a')}/first`, (o) => conditionOf(o, 'Accepted')?.status === 'True', 'first accepted');
    await create(routes('team-a'), route('second', '/api'));

    const shadowed = await until(`${routes('team-a')}/second`, (o) => conditionOf(o, SHADOWED)?.status === 'True', 'second to be marked shadowed');
    expect(conditionOf(shadowed, SHADOWED)).toMatchObject({ reason: 'ShadowedByHigherPrecedence', observedGeneration: 1 });
    expect(conditionOf(shadowed, SHADOWED)?.message).toContain('HTTPRoute first rule 0');
    expect(conditionOf(shadowed, 'Accepted')?.status).toBe('True');
    const first = (await k8s('GET', `${routes('team-a')}/first`)).body;
    expect(conditionOf(first, SHADOWED)).toBeUndefined();
    expect(portico.controller.diagnostics()).toContainEqual(expect.objectContaining({ kind: 'HTTPRoute', namespace: 'team-a', name: 'second' }));

    // A reconcile with nothing changed writes nothing.
    await portico.controller.idle();
    const writes = portico.controller.stats().statusWrites;
    const version = (await k8s('GET', `${routes('team-a')}/second`)).body.metadata.resourceVersion;
    const reconciles = portico.controller.stats().reconciles;
    portico.controller.requestReconcile();
    const deadline = Date.now() + 5000;
    while (portico.controller.stats().reconciles === reconciles && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await portico.controller.idle();
    expect(portico.controller.stats().reconciles).toBeGreaterThan(reconciles);
    expect(portico.controller.stats().statusWrites).toBe(writes);
    expect((await k8s('GET', `${routes('team-a')}/second`)).body.metadata.resourceVersion).toBe(version);

    // The shadowing route goes: so does the condition.
    expect((await k8s('DELETE', `${routes('team-a')}/first`)).status).toBe(200);
    const cleared = await until(`${routes('team-a')}/second`, (o) => conditionOf(o, SHADOWED) === undefined, 'the shadowed condition to clear');
    expect(conditionOf(cleared, 'Accepted')?.status).toBe('True');
    expect(portico.controller.diagnostics().some((d) => d.name === 'second')).toBe(false);
  });

  it('marks both routes when two namespaces serve one hostname on a shared listener, naming only the other namespace', async () => {
    await create(routes('team-b'), route('intruder', '/b'));
    const a = await until(`${routes('team-a')}/second`, (o) => conditionOf(o, CONFLICT)?.status === 'True', 'team-a route to get HostnameConflict');
    const b = await until(`${routes('team-b')}/intruder`, (o) => conditionOf(o, CONFLICT)?.status === 'True', 'team-b route to get HostnameConflict');
    expect(conditionOf(a, CONFLICT)).toMatchObject({ reason: 'SharedHostname' });
    expect(conditionOf(a, CONFLICT)?.message).toContain('namespace team-b');
    expect(conditionOf(a, CONFLICT)?.message).not.toContain('intruder');
    expect(conditionOf(b, CONFLICT)?.message).toContain('namespace team-a');

    expect((await k8s('DELETE', `${routes('team-b')}/intruder`)).status).toBe(200);
    await until(`${routes('team-a')}/second`, (o) => conditionOf(o, CONFLICT) === undefined, 'the conflict to clear');
  });
});
