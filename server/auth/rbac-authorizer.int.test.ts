import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildClusterRole, buildClusterRoleBinding, buildRoleBinding } from '@/lib/k8s/rbac/rbac-builders';
import { createRbacAuthorizer, type RbacAuthorizer } from '@/server/auth/rbac-authorizer';
import { captureLogger } from '@/server/auth/testing/capture-logger';
import type { RequestAttributes } from '@/server/auth/types';
import { openStore } from '@/server/store/sqlite-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import { objectStoreKey, StoreExpiredError, type Store } from '@/server/store/types';

const GW = 'gateway.networking.k8s.io';
const RBAC = 'rbac.authorization.k8s.io';
const ana = { username: 'ana', groups: ['devs', 'system:authenticated'] };

function keyOf(object: K8sObject): string {
  const plural = { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings', Role: 'roles', RoleBinding: 'rolebindings' }[object.kind];
  if (!plural) throw new Error(object.kind);
  const namespaced = object.kind === 'Role' || object.kind === 'RoleBinding';
  return objectStoreKey(RBAC, plural, namespaced ? object.metadata.namespace : undefined, object.metadata.name ?? '');
}

async function put(store: Store, ...objects: K8sObject[]): Promise<void> {
  await store.transact((txn) => {
    for (const object of objects) txn.put(keyOf(object), object);
  });
}

const createRoute = (namespace: string): RequestAttributes => ({ user: ana, verb: 'create', apiGroup: GW, resource: 'httproutes', namespace });

describe('createRbacAuthorizer over the real store', () => {
  let tmp: ReturnType<typeof makeTempStoreDir>;
  let store: Store;
  let authorizer: RbacAuthorizer | undefined;
  const log = captureLogger();

  beforeEach(() => {
    tmp = makeTempStoreDir();
    store = openStore({ path: tmp.file('store.sqlite'), synchronous: 'NORMAL' });
  });
  afterEach(() => {
    authorizer?.close();
    authorizer = undefined;
    store.close();
    tmp.remove();
  });

  it('loads existing objects, then follows creates, updates and deletes', async () => {
    await put(store, buildClusterRole('route-editor', [{ verbs: ['*'], apiGroups: [GW], resources: ['httproutes'] }]));
    await put(store, buildRoleBinding('team-a', 'devs', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'Group', name: 'devs' }]));
    // Unrelated keys are neither loaded nor watched.
    await store.transact((txn) => void txn.put('/core/configmaps/team-a/x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team-a' } }));
    authorizer = createRbacAuthorizer({ store, logger: log.logger });
    expect(authorizer.authorize(createRoute('team-a')).allowed).toBe(true);
    expect(authorizer.authorize(createRoute('team-b')).allowed).toBe(false);

    await put(store, buildRoleBinding('team-b', 'devs', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'Group', name: 'devs' }]));
    expect(authorizer.authorize(createRoute('team-b')).allowed).toBe(true);

    // Narrow the role: the change applies to every binding at once.
    await put(store, buildClusterRole('route-editor', [{ verbs: ['get'], apiGroups: [GW], resources: ['httproutes'] }]));
    expect(authorizer.authorize(createRoute('team-a')).allowed).toBe(false);
    expect(authorizer.authorize({ ...createRoute('team-a'), verb: 'get' }).allowed).toBe(true);

    await store.transact((txn) => txn.delete(objectStoreKey(RBAC, 'rolebindings', 'team-a', 'devs')));
    expect(authorizer.authorize({ ...createRoute('team-a'), verb: 'get' }).allowed).toBe(false);
    expect(authorizer.authorize({ ...createRoute('team-b'), verb: 'get' }).allowed).toBe(true);
    expect(authorizer.revision()).toBe(store.currentRevision());
  });

  it('decides without touching the store', async () => {
    await put(store, buildClusterRole('r', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }]));
    await put(store, buildClusterRoleBinding('b', 'r', [{ kind: 'Group', name: 'system:authenticated' }]));
    let reads = 0;
    const counting: Store = {
      ...store,
      get: (key) => (reads++, store.get(key)),
      list: (prefix, options) => (reads++, store.list(prefix, options)),
      watch: (prefix, from, onEvent) => store.watch(prefix, from, onEvent),
    };
    authorizer = createRbacAuthorizer({ store: counting, logger: log.logger });
    const before = reads;
    for (let i = 0; i < 1000; i++) {
      expect(authorizer.authorize({ user: ana, verb: 'get', apiGroup: GW, resource: 'gateways', namespace: `ns-${i % 7}` }).allowed).toBe(true);
    }
    expect(reads).toBe(before);
  });

  it('ignores objects that do not parse, and logs them', async () => {
    await store.transact((txn) => void txn.put(objectStoreKey(RBAC, 'clusterroles', undefined, 'broken'), { apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name: 'broken' }, rules: [{ verbs: 'all' }] }));
    authorizer = createRbacAuthorizer({ store, logger: log.logger });
    expect(log.lines().some((l) => l.key === '/rbac.authorization.k8s.io/clusterroles/broken')).toBe(true);
  });

  it('lists again when the watch cannot start from the listed revision', async () => {
    await put(store, buildClusterRole('r', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }]));
    await put(store, buildClusterRoleBinding('b', 'r', [{ kind: 'User', name: 'ana' }]));
    let watches = 0;
    const flaky: Store = {
      ...store,
      list: (prefix, options) => store.list(prefix, options),
      watch: (prefix, from, onEvent) => {
        watches++;
        if (watches === 1) throw new StoreExpiredError(from, from + 1);
        return store.watch(prefix, from, onEvent);
      },
    };
    authorizer = createRbacAuthorizer({ store: flaky, logger: log.logger });
    expect(watches).toBe(2);
    expect(authorizer.authorize({ user: ana, verb: 'get', apiGroup: GW, resource: 'gateways' }).allowed).toBe(true);
    await store.transact((txn) => txn.delete(objectStoreKey(RBAC, 'clusterrolebindings', undefined, 'b')));
    expect(authorizer.authorize({ user: ana, verb: 'get', apiGroup: GW, resource: 'gateways' }).allowed).toBe(false);
  });

  it('gives the admin user everything and stops following the store after close', async () => {
    authorizer = createRbacAuthorizer({ store, logger: log.logger });
    expect(authorizer.authorize({ user: { username: 'portico-admin', groups: ['system:masters'] }, verb: 'delete', apiGroup: '', resource: 'secrets', namespace: 'x' }).allowed).toBe(true);
    authorizer.close();
    await put(store, buildClusterRole('r', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]), buildClusterRoleBinding('b', 'r', [{ kind: 'User', name: 'ana' }]));
    expect(authorizer.authorize(createRoute('team-a')).allowed).toBe(false);
  });

  it('answers rulesFor from the same index', async () => {
    await put(store, buildClusterRole('r', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }]), buildClusterRoleBinding('b', 'r', [{ kind: 'Group', name: 'devs' }]));
    authorizer = createRbacAuthorizer({ store, logger: log.logger });
    expect(authorizer.rulesFor(ana, 'team-a').resourceRules).toEqual([{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }]);
  });
});

describe('escalation checks over the real store', () => {
  it('resolves role references and refuses grants the writer does not hold', async () => {
    const tmp = makeTempStoreDir();
    const store = openStore({ path: tmp.file('store.sqlite'), synchronous: 'NORMAL' });
    try {
      await put(
        store,
        buildClusterRole('route-editor', [{ verbs: ['*'], apiGroups: [GW], resources: ['httproutes'] }]),
        buildRoleBinding('team-a', 'devs', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'Group', name: 'devs' }]),
      );
      const authorizer = createRbacAuthorizer({ store, logger: captureLogger().logger });
      const rules = authorizer.roleRefRules({ apiGroup: RBAC, kind: 'ClusterRole', name: 'route-editor' }, 'team-a');
      expect(rules).toEqual([{ verbs: ['*'], apiGroups: [GW], resources: ['httproutes'] }]);
      expect(authorizer.roleRefRules({ apiGroup: RBAC, kind: 'Role', name: 'nope' }, 'team-a')).toBeUndefined();
      expect(authorizer.confirmNoEscalation(ana, 'team-a', rules ?? []).allowed).toBe(true);
      expect(authorizer.confirmNoEscalation(ana, 'team-b', rules ?? []).allowed).toBe(false);
      expect(authorizer.confirmNoEscalation({ username: 'portico-admin', groups: [] }, '', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]).allowed).toBe(true);
      authorizer.close();
    } finally {
      store.close();
      tmp.remove();
    }
  });
});
