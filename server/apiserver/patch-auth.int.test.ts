import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { apiFetch, startTestApi, type TestApi } from './testing/test-api-server';

let api: TestApi;
let userToken: string;
const NS = 'patches';
const ROUTES = `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes`;
const SVCS = `/api/v1/namespaces/${NS}/services`;

const post = (path: string, body: unknown, token?: string) => apiFetch(api, path, { method: 'POST', body: JSON.stringify(body), token });
const patch = (path: string, type: string, body: unknown, token?: string) =>
  apiFetch(api, path, { method: 'PATCH', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': type }, token });
const get = async (path: string): Promise<K8sObject> => (await (await apiFetch(api, path)).json()) as K8sObject;

beforeAll(async () => {
  api = await startTestApi();
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await post(ROUTES, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'r', labels: { a: 'b' } },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'] },
  });
  await post(SVCS, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }] },
  });
  await api.auth.users.create({ username: 'ana', password: 'correct-horse-battery', groups: ['devs'] });
  userToken = api.auth.tokens.create('ana', 'test').token;
  // ana may read and write routes in the namespace, but not their status.
  await post('/apis/rbac.authorization.k8s.io/v1/namespaces/' + NS + '/roles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'route-editor' },
    rules: [{ apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['get', 'list', 'patch', 'update'] }],
  });
  await post('/apis/rbac.authorization.k8s.io/v1/namespaces/' + NS + '/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'ana-routes' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'route-editor' },
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ana' }],
  });
});
afterAll(async () => {
  await api?.close();
});

describe('patch (A-13)', () => {
  it('merge patch changes labels without a precondition', async () => {
    const res = await patch(`${ROUTES}/r`, 'application/merge-patch+json', { metadata: { labels: { a: null, c: 'd' } } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as K8sObject).metadata.labels).toEqual({ c: 'd' });
  });

  it('a stale resourceVersion inside the patch is a precondition → 409', async () => {
    const res = await patch(`${ROUTES}/r`, 'application/merge-patch+json', { metadata: { resourceVersion: '1', labels: { x: 'y' } } });
    expect(res.status).toBe(409);
  });

  it('json patch applies ops and fails whole on a failed test', async () => {
    const ok = await patch(`${ROUTES}/r`, 'application/json-patch+json', [
      { op: 'test', path: '/metadata/labels/c', value: 'd' },
      { op: 'add', path: '/spec/hostnames/-', value: 'b.example.com' },
    ]);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { spec: { hostnames: string[] } }).spec.hostnames).toEqual(['a.example.com', 'b.example.com']);
    const bad = await patch(`${ROUTES}/r`, 'application/json-patch+json', [
      { op: 'remove', path: '/spec/hostnames/0' },
      { op: 'test', path: '/metadata/labels/c', value: 'nope' },
    ]);
    expect(bad.status).toBe(422);
    expect(((await get(`${ROUTES}/r`)) as { spec: { hostnames: string[] } }).spec.hostnames).toHaveLength(2);
  });

  it('strategic merge patch is 415 on custom kinds', async () => {
    const res = await patch(`${ROUTES}/r`, 'application/strategic-merge-patch+json', { metadata: { labels: { z: 'z' } } });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' });
  });

  it('strategic merge patch merges Service ports by port', async () => {
    const res = await patch(`${SVCS}/s`, 'application/strategic-merge-patch+json', {
      spec: { ports: [{ port: 443, targetPort: 9443 }, { port: 9000, name: 'metrics' }] },
    });
    expect(res.status).toBe(200);
    const ports = ((await res.json()) as { spec: { ports: { port: number; targetPort?: number }[] } }).spec.ports;
    expect(ports.map((p) => [p.port, p.targetPort])).toEqual([
      [80, 8080],
      [443, 9443],
      [9000, 9000],
    ]);
    const del = await patch(`${SVCS}/s`, 'application/strategic-merge-patch+json', { spec: { ports: [{ port: 9000, $patch: 'delete' }] } });
    expect(((await del.json()) as { spec: { ports: unknown[] } }).spec.ports).toHaveLength(2);
  });

  it('patching a missing object is 404', async () => {
    expect((await patch(`${ROUTES}/missing`, 'application/merge-patch+json', { metadata: {} })).status).toBe(404);
  });
});

describe('server-side apply', () => {
  const config = (hostnames: string[]) =>
    JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'applied', namespace: NS },
      spec: { parentRefs: [{ name: 'gw' }], hostnames },
    });
  const apply = (manager: string, body: string, force = false) =>
    patch(`${ROUTES}/applied?fieldManager=${manager}${force ? '&force=true' : ''}`, 'application/apply-patch+yaml', body);

  it('creates, records managedFields, conflicts with another manager, and forces', async () => {
    const created = await apply('alice', config(['a.example.com']));
    expect(created.status).toBe(201);
    const obj = (await created.json()) as K8sObject;
    expect(obj.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'alice', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: expect.objectContaining({ 'f:spec': expect.anything() }) }),
    ]);
    expect((await apply('alice', config(['a.example.com', 'b.example.com']))).status).toBe(200);
    const conflict = await apply('bob', config(['c.example.com']));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ reason: 'Conflict', details: { causes: [expect.objectContaining({ reason: 'FieldManagerConflict', field: '.spec.hostnames' })] } });
    const forced = await apply('bob', config(['c.example.com']), true);
    expect(forced.status).toBe(200);
    const after = (await forced.json()) as K8sObject & { spec: { hostnames: string[] } };
    expect(after.spec.hostnames).toEqual(['c.example.com']);
  });

  it('requires a fieldManager', async () => {
    const res = await patch(`${ROUTES}/applied`, 'application/apply-patch+yaml', config(['x.example.com']));
    expect(res.status).toBe(400);
  });
});

describe('authorization', () => {
  it('403 Forbidden with the authorizer reason', async () => {
    const res = await apiFetch(api, `/api/v1/namespaces/${NS}/secrets`, { token: userToken });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { reason: string; message: string };
    expect(body.reason).toBe('Forbidden');
    expect(body.message).toContain('ana');
  });

  it('authorizes the status subresource separately (A-20)', async () => {
    expect((await patch(`${ROUTES}/r`, 'application/merge-patch+json', { metadata: { labels: { by: 'ana' } } }, userToken)).status).toBe(200);
    const res = await patch(`${ROUTES}/r/status`, 'application/merge-patch+json', { status: { parents: [] } }, userToken);
    expect(res.status).toBe(403);
  });

  it('answers SelfSubjectAccessReview and SelfSubjectReview', async () => {
    const review = (verb: string, subresource?: string) =>
      post(
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace: NS, verb, group: 'gateway.networking.k8s.io', resource: 'httproutes', subresource } },
        },
        userToken,
      );
    expect(await (await review('patch')).json()).toMatchObject({ status: { allowed: true } });
    expect(await (await review('patch', 'status')).json()).toMatchObject({ status: { allowed: false } });
    const who = await post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, userToken);
    expect(who.status).toBe(201);
    expect(await who.json()).toMatchObject({ kind: 'SelfSubjectReview', status: { userInfo: { username: 'ana', groups: expect.arrayContaining(['devs']) } } });
  });

  it('refuses cookie-authenticated writes that fail the CSRF check', async () => {
    const session = api.auth.sessions.create('ana');
    const res = await fetch(`${api.url}${ROUTES}/r`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json', Cookie: `portico_session=${session.id}`, Origin: 'https://evil.example' },
      body: JSON.stringify({ metadata: { labels: { csrf: 'x' } } }),
    });
    expect(res.status).toBe(403);
  });
});
