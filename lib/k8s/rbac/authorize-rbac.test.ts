import { describe, expect, it } from 'vitest';
import { authorizeRbac } from '@/lib/k8s/rbac/authorize-rbac';
import {
  buildClusterRole,
  buildClusterRoleBinding,
  buildRole,
  buildRoleBinding,
} from '@/lib/k8s/rbac/rbac-builders';
import { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import type { RbacRequest, RbacUser } from '@/lib/k8s/rbac/types';

const GW = 'gateway.networking.k8s.io';
const ana: RbacUser = { username: 'ana', groups: ['devs', 'system:authenticated'] };
const bob: RbacUser = { username: 'bob', groups: ['system:authenticated'] };
const deployer: RbacUser = { username: 'system:serviceaccount:team-a:deployer', groups: ['system:authenticated'] };
const root: RbacUser = { username: 'root', groups: ['system:masters'] };

function index(): RbacIndex {
  const idx = new RbacIndex();
  for (const object of [
    buildClusterRole('route-editor', [{ verbs: ['*'], apiGroups: [GW], resources: ['httproutes'] }]),
    buildClusterRole('gateway-reader', [{ verbs: ['get', 'list', 'watch'], apiGroups: [GW], resources: ['gateways'] }]),
    buildClusterRole('version-reader', [{ verbs: ['get'], nonResourceURLs: ['/version', '/healthz/*'] }]),
    buildRole('team-a', 'svc-editor', [{ verbs: ['create', 'update'], apiGroups: [''], resources: ['services'] }]),
    buildRole('team-b', 'svc-editor', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    // RoleBinding -> ClusterRole: the ClusterRole's rules, only in team-a.
    buildRoleBinding('team-a', 'devs-routes', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'Group', name: 'devs' }]),
    // RoleBinding -> Role in its own namespace.
    buildRoleBinding('team-a', 'ana-svc', { kind: 'Role', name: 'svc-editor' }, [{ kind: 'User', name: 'ana' }]),
    buildRoleBinding('team-a', 'sa-routes', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'ServiceAccount', name: 'deployer' }]),
    buildClusterRoleBinding('all-read-gateways', 'gateway-reader', [{ kind: 'Group', name: 'system:authenticated' }]),
    buildClusterRoleBinding('ana-version', 'version-reader', [{ kind: 'User', name: 'ana' }]),
    buildClusterRoleBinding('dangling', 'does-not-exist', [{ kind: 'User', name: 'bob' }]),
  ]) {
    expect(idx.put(object)).toBe(true);
  }
  return idx;
}

function req(user: RbacUser, verb: string, resource: string, namespace?: string, extra: Partial<RbacRequest> = {}): RbacRequest {
  return { user, verb, apiGroup: GW, resource, namespace, ...extra };
}

describe('authorizeRbac', () => {
  const idx = index();
  const cases: Array<[string, RbacRequest, boolean]> = [
    ['rolebinding to clusterrole grants in its namespace', req(ana, 'create', 'httproutes', 'team-a'), true],
    ['rolebinding to clusterrole does not grant elsewhere', req(ana, 'create', 'httproutes', 'team-b'), false],
    ['rolebinding does not grant cluster-wide lists', req(ana, 'list', 'httproutes'), false],
    ['rolebinding to role in namespace', req(ana, 'create', 'services', 'team-a', { apiGroup: '' }), true],
    ['role of the same name in another namespace is not used', req(ana, 'delete', 'services', 'team-a', { apiGroup: '' }), false],
    ['clusterrolebinding to system:authenticated: anywhere', req(bob, 'list', 'gateways', 'infra'), true],
    ['clusterrolebinding: cluster scope', req(bob, 'watch', 'gateways'), true],
    ['clusterrolebinding grants only its verbs', req(bob, 'delete', 'gateways', 'infra'), false],
    ['dangling role reference grants nothing', req(bob, 'get', 'httproutes', 'team-a'), false],
    ['service account via namespace default', req(deployer, 'update', 'httproutes', 'team-a'), true],
    ['service account elsewhere', req(deployer, 'update', 'httproutes', 'team-b'), false],
    ['non-resource url exact', { user: ana, verb: 'get', nonResourcePath: '/version' }, true],
    ['non-resource url prefix', { user: ana, verb: 'get', nonResourcePath: '/healthz/ready' }, true],
    ['non-resource url not granted', { user: bob, verb: 'get', nonResourcePath: '/version' }, false],
    ['system:masters may do anything', req(root, 'deletecollection', 'secrets', 'kube-system', { apiGroup: '' }), true],
    ['system:masters non-resource', { user: root, verb: 'post', nonResourcePath: '/anything' }, true],
  ];
  it.each(cases)('%s', (_name, request, expected) => {
    expect(authorizeRbac(idx, request).allowed).toBe(expected);
  });

  it('denies with the kube-apiserver message, namespaced and cluster-scoped', () => {
    expect(authorizeRbac(idx, req(ana, 'create', 'gateways', 'infra')).reason).toBe(
      'User "ana" cannot create resource "gateways" in API group "gateway.networking.k8s.io" in the namespace "infra"',
    );
    expect(authorizeRbac(idx, req(ana, 'update', 'gatewayclasses', undefined, { subresource: 'status' })).reason).toBe(
      'User "ana" cannot update resource "gatewayclasses/status" in API group "gateway.networking.k8s.io" at the cluster scope',
    );
    expect(authorizeRbac(idx, { user: bob, verb: 'get', nonResourcePath: '/version' }).reason).toBe(
      'User "bob" cannot get path "/version"',
    );
  });

  it('says which binding allowed a request', () => {
    expect(authorizeRbac(idx, req(ana, 'create', 'httproutes', 'team-a')).reason).toBe(
      'RBAC: allowed by RoleBinding "devs-routes/team-a" of ClusterRole "route-editor" to Group "devs"',
    );
    expect(authorizeRbac(idx, req(deployer, 'get', 'httproutes', 'team-a')).reason).toBe(
      'RBAC: allowed by RoleBinding "sa-routes/team-a" of ClusterRole "route-editor" to ServiceAccount "deployer/team-a"',
    );
  });

  it('follows changes: replacing a binding drops its old subjects, removing a role revokes', () => {
    const live = index();
    expect(authorizeRbac(live, req(ana, 'create', 'httproutes', 'team-a')).allowed).toBe(true);
    live.put(buildRoleBinding('team-a', 'devs-routes', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'User', name: 'bob' }]));
    expect(authorizeRbac(live, req(ana, 'create', 'httproutes', 'team-a')).allowed).toBe(false);
    expect(authorizeRbac(live, req(bob, 'create', 'httproutes', 'team-a')).allowed).toBe(true);
    live.remove({ kind: 'ClusterRole', metadata: { name: 'route-editor' } });
    expect(authorizeRbac(live, req(bob, 'create', 'httproutes', 'team-a')).allowed).toBe(false);
    live.put(buildClusterRole('route-editor', [{ verbs: ['get'], apiGroups: [GW], resources: ['httproutes'] }]));
    expect(authorizeRbac(live, req(bob, 'get', 'httproutes', 'team-a')).allowed).toBe(true);
    expect(authorizeRbac(live, req(bob, 'create', 'httproutes', 'team-a')).allowed).toBe(false);
    live.remove({ kind: 'RoleBinding', metadata: { name: 'devs-routes', namespace: 'team-a' } });
    expect(authorizeRbac(live, req(bob, 'get', 'httproutes', 'team-a')).allowed).toBe(false);
  });

  it('rejects malformed objects and forgets their previous version', () => {
    const live = index();
    expect(live.put({ kind: 'ClusterRoleBinding', metadata: { name: 'all-read-gateways' }, roleRef: { kind: 'Role', name: 'x', apiGroup: '' } })).toBe(false);
    expect(authorizeRbac(live, req(bob, 'list', 'gateways', 'infra')).allowed).toBe(false);
    expect(live.put({ kind: 'ClusterRole', metadata: { name: 'broken' }, rules: [{ verbs: 'get' }] })).toBe(false);
    expect(live.put({ kind: 'ConfigMap', metadata: { name: 'x' } })).toBe(false);
    expect(live.put(null)).toBe(false);
  });

  it('never lets a Role be bound by a ClusterRoleBinding or from another namespace', () => {
    const live = new RbacIndex();
    live.put(buildRole('team-a', 'all', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]));
    live.put(buildRoleBinding('team-b', 'steal', { kind: 'Role', name: 'all' }, [{ kind: 'User', name: 'bob' }]));
    expect(authorizeRbac(live, req(bob, 'get', 'httproutes', 'team-b')).allowed).toBe(false);
    expect(authorizeRbac(live, req(bob, 'get', 'httproutes', 'team-a')).allowed).toBe(false);
  });
});
