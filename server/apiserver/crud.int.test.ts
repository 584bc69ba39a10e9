import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { apiFetch, startTestApi, type TestApi } from './testing/test-api-server';

let api: TestApi;
const NS = 'crud';
const ROUTES = `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes`;

function route(name: string, extra: Partial<K8sObject> = {}): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'] },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'metadata')),
  };
}

async function post(path: string, body: unknown, query = ''): Promise<Response> {
  return apiFetch(api, path + query, { method: 'POST', body: JSON.stringify(body) });
}
async function put(path: string, body: unknown, query = ''): Promise<Response> {
  return apiFetch(api, path + query, { method: 'PUT', body: JSON.stringify(body) });
}
async function json<T = K8sObject>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

beforeAll(async () => {
  api = await startTestApi();
  expect((await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } })).status).toBe(201);
});
afterAll(async () => {
  await api?.close();
});

describe('authentication (every request)', () => {
  it.each([
    ['no credentials', null],
    ['a wrong token', 'nope'],
  ])('answers 401 Unauthorized Status for %s', async (_what, token) => {
    const res = await apiFetch(api, '/api/v1/namespaces', { token });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });
});

describe('discovery', () => {
  it.each([
    ['/api', 'APIVersions'],
    ['/apis', 'APIGroupList'],
    ['/api/v1', 'APIResourceList'],
    ['/apis/gateway.networking.k8s.io', 'APIGroup'],
    ['/apis/gateway.networking.k8s.io/v1beta1', 'APIResourceList'],
  ])('%s is a %s', async (path, kind) => {
    const body = await json<{ kind: string }>(await apiFetch(api, path));
    expect(body.kind).toBe(kind);
  });

  it('lists httproutes with status subresource and short names', async () => {
    const body = await json<{ resources: { name: string; verbs: string[] }[] }>(await apiFetch(api, '/apis/gateway.networking.k8s.io/v1'));
    const names = body.resources.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['httproutes', 'httproutes/status', 'gateways', 'gatewayclasses']));
  });

  it('serves aggregated discovery v2 when asked', async () => {
    const res = await apiFetch(api, '/apis', {
      headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' },
    });
    expect(res.headers.get('content-type')).toContain('as=APIGroupDiscoveryList');
    const body = await json<{ kind: string; items: { metadata: { name: string } }[] }>(res);
    expect(body.kind).toBe('APIGroupDiscoveryList');
    expect(body.items.map((i) => i.metadata.name)).toContain('gateway.networking.k8s.io');
  });

  it('serves /version', async () => {
    expect(await json(await apiFetch(api, '/version'))).toMatchObject({ major: '1', gitVersion: expect.any(String) });
  });
});

describe('create (A-01, A-02, A-05..A-09)', () => {
  it('stamps identity and returns kind/apiVersion', async () => {
    const res = await post(ROUTES, route('r1', { metadata: { uid: 'mine', creationTimestamp: '2000-01-01T00:00:00Z' } as never }));
    expect(res.status).toBe(201);
    const obj = await json(res);
    expect(obj).toMatchObject({ kind: 'HTTPRoute', apiVersion: 'gateway.networking.k8s.io/v1', metadata: { name: 'r1', namespace: NS, generation: 1 } });
    expect(obj.metadata.uid).not.toBe('mine');
    expect(obj.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.metadata.creationTimestamp).not.toBe('2000-01-01T00:00:00Z');
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('409 AlreadyExists with details on a second create', async () => {
    const res = await post(ROUTES, route('r1'));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ reason: 'AlreadyExists', details: { name: 'r1', kind: 'httproutes' } });
  });

  it('gives a new uid after delete and recreate', async () => {
    const first = await json(await post(ROUTES, route('again')));
    expect((await apiFetch(api, `${ROUTES}/again`, { method: 'DELETE' })).status).toBe(200);
    const second = await json(await post(ROUTES, route('again')));
    expect(second.metadata.uid).not.toBe(first.metadata.uid);
  });

  it('refuses resourceVersion on create', async () => {
    const res = await post(ROUTES, route('withrv', { metadata: { resourceVersion: '5' } as never }));
    expect(res.status).toBe(400);
  });

  it.each([
    ['My_Route', ROUTES],
    ['x'.repeat(254), ROUTES],
  ])('rejects the name %s with 422', async (name, path) => {
    const res = await post(path, route(name));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'metadata.name' })] } });
  });

  it('rejects a namespace name with a dot', async () => {
    const res = await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod.eu' } });
    expect(res.status).toBe(422);
  });

  it('404 NotFound when the namespace does not exist', async () => {
    const res = await post('/apis/gateway.networking.k8s.io/v1/namespaces/missing/httproutes', route('x'));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ reason: 'NotFound', message: 'namespaces "missing" not found' });
  });

  it('generateName gives distinct names under concurrency, never 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => post(ROUTES, { ...route(''), metadata: { generateName: 'gen-' } })),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const names = await Promise.all(results.map(async (r) => (await json(r)).metadata.name));
    expect(new Set(names).size).toBe(40);
    for (const n of names) expect(n).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('dryRun=All persists nothing', async () => {
    const res = await post(ROUTES, route('dry'), '?dryRun=All');
    expect(res.status).toBe(201);
    expect((await apiFetch(api, `${ROUTES}/dry`)).status).toBe(404);
  });

  it('serves the object in every served version', async () => {
    const obj = await json(await apiFetch(api, `/apis/gateway.networking.k8s.io/v1beta1/namespaces/${NS}/httproutes/r1`));
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1beta1');
    const list = await json<{ apiVersion: string; kind: string; items: K8sObject[] }>(
      await apiFetch(api, `/apis/gateway.networking.k8s.io/v1beta1/namespaces/${NS}/httproutes`),
    );
    expect(list.kind).toBe('HTTPRouteList');
    expect(list.items.every((i) => i.apiVersion === 'gateway.networking.k8s.io/v1beta1')).toBe(true);
  });
});

describe('createIfAbsent (system writes)', () => {
  it('creates through admission once, then reports the object exists', async () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'system-made' } };
    expect(await api.server.createIfAbsent(ns)).toBe(true);
    expect(await api.server.createIfAbsent(ns)).toBe(false);
    const stored = await json(await apiFetch(api, '/api/v1/namespaces/system-made'));
    expect(stored.metadata.uid).toBeDefined();
    expect(stored.status).toMatchObject({ phase: 'Active' });
    await expect(api.server.createIfAbsent({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } })).rejects.toMatchObject({ code: 422 });
  });
});

describe('body handling', () => {
  it('400 with line and column for malformed JSON', async () => {
    const res = await apiFetch(api, ROUTES, { method: 'POST', body: '{\n  "a": 1,\n  oops\n}' });
    expect(res.status).toBe(400);
    expect((await json<{ message: string }>(res)).message).toMatch(/line 3, column \d+/);
  });

  it('400 for malformed YAML', async () => {
    const res = await apiFetch(api, ROUTES, { method: 'POST', body: 'a: [1,\n b', headers: { 'Content-Type': 'application/yaml' } });
    expect(res.status).toBe(400);
    expect((await json<{ message: string }>(res)).message).toMatch(/line \d+/);
  });

  it('accepts YAML bodies', async () => {
    const yaml = `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: from-yaml\nspec:\n  parentRefs:\n  - name: gw\n`;
    const res = await apiFetch(api, ROUTES, { method: 'POST', body: yaml, headers: { 'Content-Type': 'application/yaml' } });
    expect(res.status).toBe(201);
  });

  it('413 for bodies over 3 MiB', async () => {
    const big = JSON.stringify(route('big', { metadata: { annotations: { a: 'x'.repeat(3 * 1024 * 1024) } } as never }));
    const res = await apiFetch(api, ROUTES, { method: 'POST', body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', code: 413 });
  });

  it('fieldValidation=Strict (default) rejects duplicate fields with 400', async () => {
    const body = '{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"dup","name":"dup"},"spec":{}}';
    const res = await apiFetch(api, ROUTES, { method: 'POST', body });
    expect(res.status).toBe(400);
    expect((await json<{ message: string }>(res)).message).toContain('duplicate field "metadata.name"');
  });

  it('fieldValidation=Warn accepts and warns per problem', async () => {
    const body = '{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"dupw","name":"dupw"},"spec":{}}';
    const res = await apiFetch(api, ROUTES + '?fieldValidation=Warn', { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(res.headers.get('warning')).toBe('299 - "duplicate field \\"metadata.name\\""');
  });
});

describe('unknown fields and defaults (A-22, A-40)', () => {
  const withUnknown = (name: string) => ({ ...route(name), spec: { parentRefs: [{ name: 'gw' }], rulez: [] } });

  it.each([
    ['', 400, null],
    ['?fieldValidation=Strict', 400, null],
    ['?fieldValidation=Warn', 201, '299 - "unknown field \\"spec.rulez\\""'],
    ['?fieldValidation=Ignore', 201, null],
  ])('fieldValidation%s → %i', async (query, code, warning) => {
    const res = await post(ROUTES, withUnknown(`unknown-${code}-${query.length}`), query);
    expect(res.status).toBe(code);
    expect(res.headers.get('warning')).toBe(warning);
    const body = await json<K8sObject & { message?: string }>(res);
    if (code === 400) expect(body.message).toContain('unknown field "spec.rulez"');
    else expect(body.spec).not.toHaveProperty('rulez');
  });

  it('rejects an unknown fieldValidation value', async () => {
    expect((await post(ROUTES, route('fv'), '?fieldValidation=Loose')).status).toBe(400);
  });

  it('applies status defaults on create and ignores client status', async () => {
    const gw = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw-defaults' },
      spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
      status: { conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: 'lie', lastTransitionTime: '2024-01-01T00:00:00Z' }] },
    };
    const created = await json<K8sObject & { status: { conditions: { type: string; status: string; reason: string }[] } }>(
      await post(`/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/gateways`, gw),
    );
    expect(created.status.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Accepted', 'Unknown', 'Pending'],
      ['Programmed', 'Unknown', 'Pending'],
    ]);
  });

  it('422 Invalid with every cause for an invalid object', async () => {
    const res = await post(ROUTES, { ...route('invalid'), spec: { parentRefs: [{ name: 'gw' }], hostnames: ['UPPER.example.com', 'bad host'] } });
    expect(res.status).toBe(422);
    const body = await json<{ reason: string; details: { causes: { field: string }[] } }>(res);
    expect(body.reason).toBe('Invalid');
    expect(body.details.causes.map((c) => c.field)).toEqual(expect.arrayContaining(['spec.hostnames[0]', 'spec.hostnames[1]']));
  });
});

describe('update (A-04, A-11, A-12, A-16, A-19)', () => {
  it('bumps generation only on spec changes and ignores client generation', async () => {
    const created = await json(await post(ROUTES, route('gen')));
    const labelled = await json(await put(`${ROUTES}/gen`, { ...created, metadata: { ...created.metadata, labels: { a: 'b' }, generation: 99 } }));
    expect(labelled.metadata.generation).toBe(1);
    expect(Number(labelled.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const spec = await json(await put(`${ROUTES}/gen`, { ...labelled, spec: { parentRefs: [{ name: 'other' }] } }));
    expect(spec.metadata.generation).toBe(2);
  });

  it('409 Conflict on a stale resourceVersion; 422 without one for custom kinds', async () => {
    const created = await json(await post(ROUTES, route('occ')));
    expect((await put(`${ROUTES}/occ`, { ...created, metadata: { ...created.metadata, labels: { x: '1' } } })).status).toBe(200);
    const stale = await put(`${ROUTES}/occ`, { ...created, metadata: { ...created.metadata, labels: { x: '2' } } });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ reason: 'Conflict' });
    const { resourceVersion: _rv, ...noRv } = created.metadata;
    const unconditional = await put(`${ROUTES}/occ`, { ...created, metadata: noRv });
    expect(unconditional.status).toBe(422);
    expect(await unconditional.json()).toMatchObject({ details: { causes: [{ field: 'metadata.resourceVersion' }] } });
  });

  it('allows unconditional PUT for built-in kinds', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } };
    expect((await post(`/api/v1/namespaces/${NS}/configmaps`, cm)).status).toBe(201);
    const res = await put(`/api/v1/namespaces/${NS}/configmaps/cm`, { ...cm, data: { a: '2' } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['creationTimestamp', '2001-01-01T00:00:00Z'],
    ['uid', 'other-uid'],
  ])('422 field is immutable for metadata.%s', async (field, value) => {
    const created = await json(await post(ROUTES, route(`imm-${field.toLowerCase()}`)));
    const res = await put(`${ROUTES}/${created.metadata.name}`, { ...created, metadata: { ...created.metadata, [field]: value } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ details: { causes: [{ field: `metadata.${field}` }] } });
  });

  it('400 when the body names another object than the URL', async () => {
    const created = await json(await post(ROUTES, route('urlname')));
    expect((await put(`${ROUTES}/urlname`, { ...created, metadata: { ...created.metadata, name: 'other' } })).status).toBe(400);
  });

  it('separates the status subresource', async () => {
    const created = await json(await post(ROUTES, route('st')));
    const condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok', observedGeneration: 1, lastTransitionTime: '2024-01-01T00:00:00Z' };
    const status = { parents: [{ parentRef: { name: 'gw' }, controllerName: 'portico.dev/gateway-controller', conditions: [condition] }] };
    const main = await json(await put(`${ROUTES}/st`, { ...created, status }));
    expect(main.status).toEqual(created.status);
    const res = await put(`${ROUTES}/st/status`, { ...main, spec: { parentRefs: [{ name: 'changed' }] }, status });
    const viaStatus = await json(res);
    expect(res.status, JSON.stringify(viaStatus)).toBe(200);
    expect(viaStatus.status).toMatchObject(status);
    expect(viaStatus.spec).toEqual(main.spec);
    expect(viaStatus.metadata.generation).toBe(main.metadata.generation);
  });
});

describe('delete (A-31, A-32)', () => {
  it('honours finalizers and deletionTimestamp', async () => {
    const created = await json(await post(ROUTES, route('fin', { metadata: { finalizers: ['example.com/hold'] } as never })));
    const del = await apiFetch(api, `${ROUTES}/fin`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const marked = await json(await apiFetch(api, `${ROUTES}/fin`));
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const adding = await put(`${ROUTES}/fin`, { ...marked, metadata: { ...marked.metadata, finalizers: ['example.com/hold', 'example.com/new'] } });
    expect(adding.status).toBe(422);
    const released = await put(`${ROUTES}/fin`, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(released.status).toBe(200);
    expect((await apiFetch(api, `${ROUTES}/fin`)).status).toBe(404);
    expect(created.metadata.uid).toBe(marked.metadata.uid);
  });

  it('checks delete preconditions', async () => {
    await post(ROUTES, route('pre'));
    const res = await apiFetch(api, `${ROUTES}/pre`, { method: 'DELETE', body: JSON.stringify({ preconditions: { resourceVersion: '1' } }) });
    expect(res.status).toBe(409);
  });

  it('deletes a collection by label', async () => {
    await post(ROUTES, route('col-a', { metadata: { labels: { batch: 'x' } } as never }));
    await post(ROUTES, route('col-b', { metadata: { labels: { batch: 'x' } } as never }));
    const res = await apiFetch(api, `${ROUTES}?labelSelector=batch%3Dx`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await json<{ items: unknown[] }>(res)).items).toHaveLength(2);
    expect((await apiFetch(api, `${ROUTES}/col-a`)).status).toBe(404);
  });
});

describe('namespaces (A-34)', () => {
  it('cascades deletion and refuses creates while terminating', async () => {
    const ns = 'doomed';
    await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const path = `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes`;
    await post(path, route('held', { metadata: { finalizers: ['example.com/hold'] } as never }));
    await post(path, route('free'));
    const del = await json(await apiFetch(api, `/api/v1/namespaces/${ns}`, { method: 'DELETE' }));
    expect(del.status).toMatchObject({ phase: 'Terminating' });
    const refused = await post(path, route('late'));
    expect(refused.status).toBe(403);
    expect((await json<{ message: string }>(refused)).message).toContain('because it is being terminated');
    await eventually(async () => expect((await apiFetch(api, `${path}/free`)).status).toBe(404));
    const held = await json(await apiFetch(api, `${path}/held`));
    expect(held.metadata.deletionTimestamp).toBeDefined();
    await apiFetch(api, `${path}/held`, {
      method: 'PATCH',
      body: JSON.stringify({ metadata: { finalizers: null } }),
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    await eventually(async () => expect((await apiFetch(api, `/api/v1/namespaces/${ns}`)).status).toBe(404));
  });
});

async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
