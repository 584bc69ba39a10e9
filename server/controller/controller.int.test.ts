import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortico, type RunningPortico } from '@/server/main';
import { createK8sAdminClient } from '@/server/testing/k8s-admin-client';

/**
 * The controller inside a real Portico: objects written through /k8s with the admin token, and
 * the statuses the controller writes back through the API with its own identity.
 */

const ADMIN_TOKEN = 'controller-test-admin-token-0123456789';
const GW = 'gateway.networking.k8s.io';
const CONTROLLER = 'portico.dev/gateway-controller';
let portico: RunningPortico;
let dir: string;

interface Condition {
  type: string;
  status: string;
  reason: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}
interface Obj {
  metadata: {
    name: string;
    namespace?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    managedFields?: { manager?: string; subresource?: string }[];
  };
  status?: {
    conditions?: Condition[];
    listeners?: { name: string; attachedRoutes: number; conditions: Condition[] }[];
    parents?: { controllerName: string; parentRef: { name: string; namespace?: string }; conditions: Condition[] }[];
  };
}

const { request: k8s, create, until } = createK8sAdminClient<Obj>(() => portico.url, ADMIN_TOKEN);

const condition = (list: Condition[] | undefined, type: string) => list?.find((c) => c.type === type);
const ourParent = (o: Obj) => o.status?.parents?.find((p) => p.controllerName === CONTROLLER);

const paths = {
  classes: `/apis/${GW}/v1/gatewayclasses`,
  gateways: (ns: string) => `/apis/${GW}/v1/namespaces/${ns}/gateways`,
  routes: (ns: string) => `/apis/${GW}/v1/namespaces/${ns}/httproutes`,
  grants: (ns: string) => `/apis/${GW}/v1beta1/namespaces/${ns}/referencegrants`,
  services: (ns: string) => `/api/v1/namespaces/${ns}/services`,
  configmaps: (ns: string) => `/api/v1/namespaces/${ns}/configmaps`,
};

const route = (name: string, backendNamespace: string) => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: { name },
  spec: {
    parentRefs: [{ name: 'gw', namespace: 'infra' }],
    rules: [{ backendRefs: [{ name: 'backend', namespace: backendNamespace, port: 8080 }] }],
  },
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-controller-'));
  process.env.PORTICO_ADMIN_TOKEN = ADMIN_TOKEN;
  portico = await startPortico({ dataDir: dir, host: '127.0.0.1', port: 0, demo: false, console: false, adminToken: ADMIN_TOKEN, logLevel: 'silent' });
  await portico.controller.ready;
  for (const name of ['infra', 'team-a', 'team-b']) await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  for (const ns of ['team-a', 'team-b']) {
    await create(paths.services(ns), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend' }, spec: { ports: [{ port: 8080, protocol: 'TCP' }] } });
  }
});

afterAll(async () => {
  await portico?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('controller', () => {
  it('accepts a GatewayClass for portico.dev/gateway-controller and leaves a foreign one alone', async () => {
    await create(paths.classes, { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'portico' }, spec: { controllerName: CONTROLLER } });
    await create(paths.classes, { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'foreign' }, spec: { controllerName: 'example.com/other' } });
    const ours = await until(`${paths.classes}/portico`, (o) => condition(o.status?.conditions, 'Accepted')?.status === 'True', 'class accepted');
    expect(condition(ours.status?.conditions, 'Accepted')).toMatchObject({ reason: 'Accepted', observedGeneration: ours.metadata.generation });
    await portico.controller.idle();
    const foreign = await k8s('GET', `${paths.classes}/foreign`);
    expect(condition(foreign.body.status?.conditions, 'Accepted')?.status ?? 'Unknown').toBe('Unknown');
    expect(foreign.body.status?.conditions?.some((c) => c.observedGeneration !== undefined) ?? false).toBe(false);
  });

  it('gives a Gateway Accepted and listener statuses, and honestly leaves Programmed Unknown', async () => {
    await create(paths.gateways('infra'), {
      apiVersion: `${GW}/v1`,
      kind: 'Gateway',
      metadata: { name: 'gw' },
      spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
    });
    const gw = await until(`${paths.gateways('infra')}/gw`, (o) => condition(o.status?.conditions, 'Accepted')?.status === 'True', 'gateway accepted');
    expect(condition(gw.status?.conditions, 'Accepted')).toMatchObject({ observedGeneration: gw.metadata.generation });
    expect(condition(gw.status?.conditions, 'Programmed')?.status).toBe('Unknown');
    const listener = gw.status?.listeners?.find((l) => l.name === 'http');
    expect(condition(listener?.conditions, 'Accepted')?.status).toBe('True');
    expect(condition(listener?.conditions, 'ResolvedRefs')?.status).toBe('True');
  });

  it('attaches an HTTPRoute with Accepted and ResolvedRefs', async () => {
    await create(paths.routes('team-a'), route('local', 'team-a'));
    const r = await until(`${paths.routes('team-a')}/local`, (o) => condition(ourParent(o)?.conditions, 'Accepted')?.status === 'True', 'route accepted');
    expect(ourParent(r)?.parentRef).toMatchObject({ name: 'gw', namespace: 'infra' });
    expect(condition(ourParent(r)?.conditions, 'ResolvedRefs')).toMatchObject({ status: 'True', observedGeneration: r.metadata.generation });
    // Written through the status subresource, by the controller's own field manager.
    expect(r.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'portico-controller', subresource: 'status' }));
    // The stored object keeps the creator's ownership too; the controller's informer copy keeps none (it never reads it).
    expect(r.metadata.managedFields?.map((f) => f.manager)).toHaveLength(2);
    const cached = portico.controller.snapshot().httpRoutes.find((o) => o.metadata.namespace === 'team-a' && o.metadata.name === 'local');
    expect(cached?.metadata.resourceVersion).toBeDefined();
    expect(cached?.metadata).not.toHaveProperty('managedFields');
    await until(`${paths.gateways('infra')}/gw`, (o) => (o.status?.listeners?.[0]?.attachedRoutes ?? 0) >= 1, 'attachedRoutes counted');
  });

  it('resolves a cross-namespace backend only while a ReferenceGrant allows it, within a second', async () => {
    const url = `${paths.routes('team-a')}/cross`;
    await create(paths.routes('team-a'), route('cross', 'team-b'));
    const refs = (o: Obj) => condition(ourParent(o)?.conditions, 'ResolvedRefs');
    const denied = await until(url, (o) => refs(o)?.status === 'False', 'RefNotPermitted');
    expect(refs(denied)?.reason).toBe('RefNotPermitted');

    const started = Date.now();
    await create(paths.grants('team-b'), {
      apiVersion: `${GW}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-team-a' },
      spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service' }] },
    });
    await until(url, (o) => refs(o)?.status === 'True', 'the grant to take effect', 1000);
    expect(Date.now() - started).toBeLessThan(1000);

    const revoked = Date.now();
    expect((await k8s('DELETE', `${paths.grants('team-b')}/allow-team-a`)).status).toBe(200);
    const after = await until(url, (o) => refs(o)?.status === 'False', 'the grant to be revoked', 1000);
    expect(refs(after)?.reason).toBe('RefNotPermitted');
    expect(Date.now() - revoked).toBeLessThan(1000);
  });

  it("keeps another controller's parent entry on a route", async () => {
    const url = `${paths.routes('team-a')}/local`;
    const current = await until(url, (o) => ourParent(o) !== undefined, 'our entry');
    const foreignEntry = {
      parentRef: { group: GW, kind: 'Gateway', name: 'elsewhere', namespace: 'team-a' },
      controllerName: 'example.com/other',
      conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'theirs', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' }],
    };
    const put = await k8s('PUT', `${url}/status`, { ...current, status: { parents: [foreignEntry, ...(current.status?.parents ?? [])] } });
    expect(put.status).toBe(200);
    // Make the controller rewrite our entry (a new generation), then check theirs survived.
    await k8s('PATCH', url, { metadata: { labels: { touched: 'yes' } }, spec: { hostnames: ['local.example.com'] } }, 'application/merge-patch+json');
    const updated = await until(url, (o) => condition(ourParent(o)?.conditions, 'Accepted')?.observedGeneration === o.metadata.generation, 'our entry at the new generation');
    expect(updated.status?.parents?.find((p) => p.controllerName === 'example.com/other')).toEqual(foreignEntry);
  });

  it('rewrites nothing when nothing changed', async () => {
    await portico.controller.idle();
    await new Promise((r) => setTimeout(r, 300));
    await portico.controller.idle();
    const before = portico.controller.stats();
    const watched = [`${paths.classes}/portico`, `${paths.gateways('infra')}/gw`, `${paths.routes('team-a')}/local`, `${paths.routes('team-a')}/cross`];
    const versions = async () => Promise.all(watched.map(async (p) => (await k8s('GET', p)).body.metadata.resourceVersion));
    const versionsBefore = await versions();
    // A quiet period...
    await new Promise((r) => setTimeout(r, 500));
    // ...and a change to an unrelated object, which does cause a reconcile.
    await create(paths.configmaps('team-a'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated' } });
    const svc = `${paths.services('team-b')}/backend`;
    const patched = await k8s('PATCH', svc, { metadata: { labels: { note: 'no-op' } } }, 'application/merge-patch+json');
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await until(svc, (o) => o.metadata.labels?.note === 'no-op', 'label applied');
    const deadline = Date.now() + 5000;
    while (portico.controller.stats().reconciles === before.reconciles && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await portico.controller.idle();
    const after = portico.controller.stats();
    expect(after.reconciles).toBeGreaterThan(before.reconciles);
    expect(after.statusWrites).toBe(before.statusWrites);
    expect(after.statusWriteFailures).toBe(0);
    expect(await versions()).toEqual(versionsBefore);
  });

  it("hands the pipeline a kind's same array until an object of that kind is added, changed or deleted", async () => {
    await portico.controller.idle();
    const before = portico.controller.snapshot();
    const again = portico.controller.snapshot();
    expect(again.httpRoutes).toBe(before.httpRoutes);
    expect(again.services).toBe(before.services);
    expect(again.gateways).toBe(before.gateways);
    const eventually = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 5000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const names = (list: readonly { metadata: { name?: string } }[]) => list.map((o) => o.metadata.name);
    await create(paths.services('team-a'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'another' }, spec: { ports: [{ port: 8080, protocol: 'TCP' }] } });
    await eventually(() => names(portico.controller.snapshot().services).includes('another'), 'the new Service in the snapshot');
    const added = portico.controller.snapshot();
    expect(added.services).not.toBe(before.services);
    expect(added.services).toHaveLength(before.services.length + 1);
    // An unrelated kind keeps its array (an unreferenced Service changes no route status).
    expect(added.httpRoutes).toBe(before.httpRoutes);
    expect((await k8s('DELETE', `${paths.services('team-a')}/another`)).status).toBe(200);
    await eventually(() => !names(portico.controller.snapshot().services).includes('another'), 'the Service gone from the snapshot');
    const deleted = portico.controller.snapshot();
    expect(names(deleted.services).sort()).toEqual(names(before.services).sort());
    expect(deleted.services).not.toBe(added.services);
  });
  it('builds a route from the object it wrote status from: the echo of its own write rebuilds nothing', async () => {
    await create(paths.routes('team-a'), route('echoed', 'team-a'));
    const stored = await until(`${paths.routes('team-a')}/echoed`, (o) => ourParent(o) !== undefined, 'our entry');
    await portico.controller.idle();
    const nodeOf = () => portico.controller.latest()?.graph.routes.find((r) => r.namespace === 'team-a' && r.name === 'echoed');
    const built = nodeOf()!;
    const cached = portico.controller.snapshot().httpRoutes.find((r) => r.metadata.namespace === 'team-a' && r.metadata.name === 'echoed')!;
    // The informer holds the write's echo; the pipeline's object is the one the status was computed from, sharing its spec.
    expect(cached.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    expect(built.source.metadata.resourceVersion).not.toBe(stored.metadata.resourceVersion);
    expect(cached.spec).toBe(built.source.spec);

    const before = portico.controller.stats();
    const svc = `${paths.services('team-b')}/backend`;
    expect((await k8s('PATCH', svc, { metadata: { labels: { note: 'nudge' } } }, 'application/merge-patch+json')).status).toBe(200);
    const deadline = Date.now() + 5000;
    while (portico.controller.stats().reconciles === before.reconciles && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await portico.controller.idle();
    expect(portico.controller.stats().reconciles).toBeGreaterThan(before.reconciles);
    expect(nodeOf()).toBe(built);
    expect(portico.controller.stats().statusWrites).toBe(before.statusWrites);

    // A change of its own is a new object again, and its status follows it.
    expect((await k8s('PATCH', `${paths.routes('team-a')}/echoed`, { spec: { hostnames: ['echoed.example.com'] } }, 'application/merge-patch+json')).status).toBe(200);
    await until(`${paths.routes('team-a')}/echoed`, (o) => condition(ourParent(o)?.conditions, 'Accepted')?.observedGeneration === o.metadata.generation, 'our entry at the new generation');
    await portico.controller.idle();
    expect(nodeOf()).not.toBe(built);
    expect(nodeOf()?.hostnames).toEqual(['echoed.example.com']);
  });
});
