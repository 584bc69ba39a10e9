import { describe, expect, it } from 'vitest';
import { confirmNoEscalation } from '@/lib/k8s/rbac/confirm-no-escalation';
import { coversRules } from '@/lib/k8s/rbac/covers';
import { buildClusterRole, buildClusterRoleBinding, buildRoleBinding } from '@/lib/k8s/rbac/rbac-builders';
import { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import type { PolicyRule } from '@/lib/k8s/rbac/types';

const GW = 'gateway.networking.k8s.io';

describe('coversRules', () => {
  const cases: Array<[string, PolicyRule[], PolicyRule[], boolean]> = [
    ['identical', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }], [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }], true],
    ['split across owner rules', [
      { verbs: ['get'], apiGroups: [GW], resources: ['gateways'] },
      { verbs: ['list'], apiGroups: [GW], resources: ['gateways'] },
    ], [{ verbs: ['get', 'list'], apiGroups: [GW], resources: ['gateways'] }], true],
    ['extra verb', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }], [{ verbs: ['get', 'delete'], apiGroups: [GW], resources: ['gateways'] }], false],
    ['owner * verbs', [{ verbs: ['*'], apiGroups: [GW], resources: ['gateways'] }], [{ verbs: ['delete'], apiGroups: [GW], resources: ['gateways'] }], true],
    ['requested * needs owner *', [{ verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], apiGroups: [GW], resources: ['gateways'] }], [{ verbs: ['*'], apiGroups: [GW], resources: ['gateways'] }], false],
    ['owner * resources covers status', [{ verbs: ['update'], apiGroups: [GW], resources: ['*'] }], [{ verbs: ['update'], apiGroups: [GW], resources: ['httproutes/status'] }], true],
    ['owner */status covers a status', [{ verbs: ['update'], apiGroups: [GW], resources: ['*/status'] }], [{ verbs: ['update'], apiGroups: [GW], resources: ['httproutes/status'] }], true],
    ['owner resource does not cover its status', [{ verbs: ['update'], apiGroups: [GW], resources: ['httproutes'] }], [{ verbs: ['update'], apiGroups: [GW], resources: ['httproutes/status'] }], false],
    ['named owner does not cover all names', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'], resourceNames: ['a'] }], [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }], false],
    ['named owner covers the same name', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'], resourceNames: ['a', 'b'] }], [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'], resourceNames: ['b'] }], true],
    ['url prefix', [{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/healthz/ready'] }], true],
    ['url not covered', [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }], false],
    ['nothing requested', [], [], true],
  ];
  it.each(cases)('%s', (_name, owner, requested, expected) => {
    expect(coversRules(owner, requested).covered).toBe(expected);
  });
});

describe('confirmNoEscalation', () => {
  const index = new RbacIndex();
  index.put(buildClusterRole('route-editor', [{ verbs: ['get', 'create'], apiGroups: [GW], resources: ['httproutes'] }]));
  index.put(buildRoleBinding('team-a', 'ana', { kind: 'ClusterRole', name: 'route-editor' }, [{ kind: 'User', name: 'ana' }]));
  index.put(buildClusterRole('viewer', [{ verbs: ['get'], apiGroups: [GW], resources: ['gateways'] }]));
  index.put(buildClusterRoleBinding('ana-view', 'viewer', [{ kind: 'User', name: 'ana' }]));
  const ana = { username: 'ana', groups: ['system:authenticated'] };

  it('allows granting what one holds in that namespace, and no more', () => {
    expect(confirmNoEscalation(index, ana, 'team-a', [{ verbs: ['get'], apiGroups: [GW], resources: ['httproutes', 'gateways'] }])).toEqual({ allowed: true });
    expect(confirmNoEscalation(index, ana, 'team-b', [{ verbs: ['get'], apiGroups: [GW], resources: ['httproutes'] }]).allowed).toBe(false);
    const denied = confirmNoEscalation(index, ana, 'team-a', [{ verbs: ['delete'], apiGroups: [GW], resources: ['httproutes'] }]);
    expect(denied).toMatchObject({
      allowed: false,
      message: 'user "ana" is attempting to grant RBAC permissions not currently held: {APIGroups:["gateway.networking.k8s.io"], Resources:["httproutes"], Verbs:["delete"]}',
    });
  });

  it('lets system:masters grant anything', () => {
    expect(confirmNoEscalation(index, { username: 'root', groups: ['system:masters'] }, '', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]).allowed).toBe(true);
  });
});
