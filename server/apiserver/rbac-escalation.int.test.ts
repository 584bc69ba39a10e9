import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, startTestApi, type TestApi } from './testing/test-api-server';

/**
 * RBAC escalation prevention: a user allowed to write roles and bindings in a namespace may
 * still only grant what they hold, unless they have `escalate` / `bind`.
 */

let api: TestApi;
let lead: string;
const NS = 'team-x';
const RBAC = `/apis/rbac.authorization.k8s.io/v1`;

const post = (path: string, body: unknown, token?: string) => apiFetch(api, path, { method: 'POST', body: JSON.stringify(body), token });
const role = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name }, rules });
const binding = (name: string, roleRef: { kind: string; name: string }, user = 'friend') => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }],
});
const ROUTES_RULE = { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['get', 'list', 'create'] };
const SECRETS_RULE = { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] };

beforeAll(async () => {
  api = await startTestApi();
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await api.auth.users.create({ username: 'lead', password: 'correct-horse-battery', groups: [] });
  lead = api.auth.tokens.create('lead', 'test').token;
  // The team lead manages RBAC in the namespace and may work with routes there, nothing else.
  await post(`${RBAC}/namespaces/${NS}/roles`, role('team-lead', [
    ROUTES_RULE,
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
  ]));
  expect((await post(`${RBAC}/namespaces/${NS}/rolebindings`, binding('lead', { kind: 'Role', name: 'team-lead' }, 'lead'))).status).toBe(201);
  await post(`${RBAC}/clusterroles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'secret-reader' }, rules: [SECRETS_RULE] });
});

afterAll(async () => {
  await api?.close();
});

describe('RBAC escalation prevention', () => {
  it('lets a user create a Role with rules they hold', async () => {
    expect((await post(`${RBAC}/namespaces/${NS}/roles`, role('route-author', [ROUTES_RULE]), lead)).status).toBe(201);
  });

  it('refuses a Role with rules the user does not hold, naming them', async () => {
    const res = await post(`${RBAC}/namespaces/${NS}/roles`, role('sneaky', [SECRETS_RULE]), lead);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { reason: string; message: string };
    expect(body.reason).toBe('Forbidden');
    expect(body.message).toContain('roles.rbac.authorization.k8s.io "sneaky" is forbidden');
    expect(body.message).toContain('attempting to grant RBAC permissions not currently held');
    expect(body.message).toContain('secrets');
  });

  it('lets a user bind a role whose rules they hold, and refuses one they do not', async () => {
    expect((await post(`${RBAC}/namespaces/${NS}/rolebindings`, binding('friend-routes', { kind: 'Role', name: 'route-author' }), lead)).status).toBe(201);
    const res = await post(`${RBAC}/namespaces/${NS}/rolebindings`, binding('friend-secrets', { kind: 'ClusterRole', name: 'secret-reader' }), lead);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain('rolebindings.rbac.authorization.k8s.io "friend-secrets" is forbidden');
  });

  it('refuses binding a role that does not exist', async () => {
    const res = await post(`${RBAC}/namespaces/${NS}/rolebindings`, binding('ghost', { kind: 'Role', name: 'nope' }), lead);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain('Role "nope" does not exist');
  });

  it('honours the bind verb on a specific role', async () => {
    await post(`${RBAC}/namespaces/${NS}/roles`, role('binder', [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['secret-reader'] },
    ]));
    await post(`${RBAC}/namespaces/${NS}/rolebindings`, binding('lead-binder', { kind: 'Role', name: 'binder' }, 'lead'));
    expect((await post(`${RBAC}/namespaces/${NS}/rolebindings`, binding('friend-secrets', { kind: 'ClusterRole', name: 'secret-reader' }), lead)).status).toBe(201);
  });

  it('changes nothing on refusal', async () => {
    const res = await apiFetch(api, `${RBAC}/namespaces/${NS}/roles/sneaky`);
    expect(res.status).toBe(404);
  });
});
