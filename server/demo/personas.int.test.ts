import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '@/server/auth/create-auth';
import { captureLogger } from '@/server/auth/testing/capture-logger';
import { seedPersonas } from '@/server/demo/personas';
import { openStore } from '@/server/store/sqlite-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import type { Store } from '@/server/store/types';

const GW = 'gateway.networking.k8s.io';
const PASSWORD = 'demo-password-123';

describe('seedPersonas with the real store and auth database', () => {
  let tmp: ReturnType<typeof makeTempStoreDir>;
  let store: Store;
  let auth: Auth;

  beforeAll(() => {
    tmp = makeTempStoreDir();
    store = openStore({ path: tmp.file('store.sqlite'), synchronous: 'NORMAL' });
    auth = createAuth({ dataDir: tmp.dir, store, logger: captureLogger().logger, scryptParams: { N: 2 ** 10, r: 8, p: 1 } });
  });
  afterAll(() => {
    auth.close();
    store.close();
    tmp.remove();
  });

  it('creates the users and RBAC objects once, shaped as the API server stores them', async () => {
    const first = await seedPersonas(auth, store, PASSWORD);
    expect(first.createdUsers).toEqual(['ian', 'chihiro', 'ana']);
    expect(first.createdObjects).toHaveLength(10);
    const role = store.get('/rbac.authorization.k8s.io/clusterroles/portico:application-developer')?.value;
    expect(role?.apiVersion).toBe('rbac.authorization.k8s.io/v1');
    expect(role?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(role?.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(role?.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(role?.metadata.generation).toBeUndefined();
    expect(store.get('/rbac.authorization.k8s.io/rolebindings/team-a/portico:application-developer')).toBeDefined();

    expect(await seedPersonas(auth, store, 'another-password-x')).toEqual({ createdUsers: [], createdObjects: [] });
    // The first password still holds: existing users were left alone.
    expect(await auth.users.verify('ana', PASSWORD)).toBeDefined();
    expect(auth.users.get('chihiro')?.groups).toEqual(['portico:operators']);
  });

  it('re-creates a deleted object but leaves edited ones as they are', async () => {
    const key = '/rbac.authorization.k8s.io/clusterrolebindings/portico:infrastructure-provider';
    await store.transact((txn) => txn.delete(key));
    const edited = store.get('/rbac.authorization.k8s.io/clusterroles/portico:gateway-viewer');
    if (!edited) throw new Error('missing');
    await store.transact((txn) => void txn.put(edited.key, { ...edited.value, metadata: { ...edited.value.metadata, labels: { edited: 'yes' } } }));
    expect((await seedPersonas(auth, store, PASSWORD)).createdObjects).toEqual([key]);
    expect(store.get(edited.key)?.value.metadata.labels).toEqual({ edited: 'yes' });
  });

  it('enforces the persona boundaries through the live authorizer', async () => {
    const ana = await auth.users.verify('ana', PASSWORD);
    const ian = await auth.users.verify('ian', PASSWORD);
    const chihiro = await auth.users.verify('chihiro', PASSWORD);
    if (!ana || !ian || !chihiro) throw new Error('seeded users must sign in');
    const can = (user: typeof ana, verb: string, resource: string, namespace?: string, subresource?: string) =>
      auth.authorizer.authorize({ user, verb, apiGroup: GW, resource, namespace, subresource }).allowed;
    expect(can(ana, 'create', 'httproutes', 'team-a')).toBe(true);
    expect(can(ana, 'create', 'httproutes', 'team-b')).toBe(false);
    expect(can(ana, 'create', 'gateways', 'team-a')).toBe(false);
    expect(can(ana, 'update', 'httproutes', 'team-a', 'status')).toBe(false);
    expect(can(ana, 'list', 'gateways')).toBe(true);
    expect(can(ian, 'create', 'gatewayclasses')).toBe(true);
    expect(can(ian, 'update', 'httproutes', 'team-a')).toBe(false);
    expect(can(chihiro, 'create', 'referencegrants', 'team-z')).toBe(true);
    expect(can(chihiro, 'create', 'gatewayclasses')).toBe(false);
    expect(auth.authorizer.authorize({ user: chihiro, verb: 'create', apiGroup: '', resource: 'secrets', namespace: 'infra' }).allowed).toBe(true);
    expect(auth.authorizer.authorize({ user: chihiro, verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'team-a' }).allowed).toBe(false);
    expect(auth.authorizer.authorize({ user: ana, verb: 'create', apiGroup: GW, resource: 'gateways', namespace: 'infra' }).reason).toBe(
      'User "ana" cannot create resource "gateways" in API group "gateway.networking.k8s.io" in the namespace "infra"',
    );
  });
});
