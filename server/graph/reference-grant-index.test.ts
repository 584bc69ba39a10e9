import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildReferenceGrantIndex, isReferenceAllowed, type ReferenceFrom, type ReferenceTo } from '@/server/graph/reference-grant-index';

const G = 'gateway.networking.k8s.io';

function grant(namespace: string, spec: unknown, name = 'g'): K8sObject {
  return { apiVersion: `${G}/v1`, kind: 'ReferenceGrant', metadata: { name, namespace }, spec };
}

/** SEMANTICS §9.5: HTTPRoutes from `web` may reach only Service `api` in `store`. */
const webToStoreApi = grant('store', {
  from: [{ group: G, kind: 'HTTPRoute', namespace: 'web' }],
  to: [{ group: '', kind: 'Service', name: 'api' }],
});
const gatewaysToAnySecret = grant('certs', {
  from: [{ group: G, kind: 'Gateway', namespace: 'infra' }],
  to: [{ group: '', kind: 'Secret' }],
});

const route: ReferenceFrom = { group: G, kind: 'HTTPRoute', namespace: 'web' };
const api: ReferenceTo = { group: '', kind: 'Service', namespace: 'store', name: 'api' };

describe('isReferenceAllowed', () => {
  const cases: { name: string; grants: K8sObject[]; from: ReferenceFrom; to: ReferenceTo; allowed: boolean }[] = [
    { name: 'matching grant', grants: [webToStoreApi], from: route, to: api, allowed: true },
    { name: 'no grants at all', grants: [], from: route, to: api, allowed: false },
    { name: 'same namespace needs no grant', grants: [], from: { ...route, namespace: 'store' }, to: api, allowed: true },
    { name: 'grant in the wrong namespace', grants: [grant('web', webToStoreApi.spec)], from: route, to: api, allowed: false },
    { name: 'wrong from.group', grants: [grant('store', { from: [{ group: 'example.net', kind: 'HTTPRoute', namespace: 'web' }], to: [{ group: '', kind: 'Service' }] })], from: route, to: api, allowed: false },
    { name: 'wrong from.kind (GRPCRoute asks)', grants: [webToStoreApi], from: { ...route, kind: 'GRPCRoute' }, to: api, allowed: false },
    { name: 'wrong from.namespace', grants: [webToStoreApi], from: { ...route, namespace: 'other' }, to: api, allowed: false },
    { name: 'wrong to.group', grants: [grant('store', { from: [route], to: [{ group: 'apps', kind: 'Service' }] })], from: route, to: api, allowed: false },
    { name: 'wrong to.kind', grants: [grant('store', { from: [route], to: [{ group: '', kind: 'Secret' }] })], from: route, to: api, allowed: false },
    { name: 'wrong to.name', grants: [webToStoreApi], from: route, to: { ...api, name: 'db' }, allowed: false },
    { name: 'to without name covers every object of the kind', grants: [gatewaysToAnySecret], from: { group: G, kind: 'Gateway', namespace: 'infra' }, to: { group: '', kind: 'Secret', namespace: 'certs', name: 'anything' }, allowed: true },
    { name: 'kinds compare case-sensitively', grants: [grant('store', { from: [{ group: G, kind: 'httproute', namespace: 'web' }], to: [{ group: '', kind: 'Service' }] })], from: route, to: api, allowed: false },
    {
      name: 'from and to entries are ORed across the grant',
      grants: [grant('store', { from: [{ group: G, kind: 'GRPCRoute', namespace: 'x' }, route], to: [{ group: '', kind: 'Secret' }, { group: '', kind: 'Service', name: 'api' }] })],
      from: route,
      to: api,
      allowed: true,
    },
    { name: 'several grants add up', grants: [gatewaysToAnySecret, webToStoreApi], from: route, to: api, allowed: true },
    { name: 'a grant without a valid spec grants nothing', grants: [grant('store', { from: [route] })], from: route, to: api, allowed: false },
  ];
  it.each(cases)('$name', ({ grants, from, to, allowed }) => {
    expect(isReferenceAllowed(from, to, buildReferenceGrantIndex(grants))).toBe(allowed);
  });

  it('revokes access when the grant is removed', () => {
    expect(isReferenceAllowed(route, api, buildReferenceGrantIndex([webToStoreApi]))).toBe(true);
    expect(isReferenceAllowed(route, api, buildReferenceGrantIndex([]))).toBe(false);
  });
});
