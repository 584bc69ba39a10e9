import { describe, expect, it } from 'vitest';
import { buildClusterRole, buildClusterRoleBinding, buildRoleBinding } from '@/lib/k8s/rbac/rbac-builders';
import { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import { rulesForUser } from '@/lib/k8s/rbac/rules-for-user';

const GW = 'gateway.networking.k8s.io';

describe('rulesForUser', () => {
  const idx = new RbacIndex();
  idx.put(buildClusterRole('reader', [
    { verbs: ['get', 'list'], apiGroups: [GW], resources: ['gateways'] },
    { verbs: ['get'], nonResourceURLs: ['/version'] },
  ]));
  idx.put(buildClusterRole('editor', [{ verbs: ['*'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] }]));
  idx.put(buildClusterRoleBinding('readers', 'reader', [{ kind: 'Group', name: 'system:authenticated' }]));
  // The same role twice through two subjects: listed once.
  idx.put(buildClusterRoleBinding('readers-again', 'reader', [{ kind: 'User', name: 'ana' }]));
  idx.put(buildRoleBinding('team-a', 'editors', { kind: 'ClusterRole', name: 'editor' }, [{ kind: 'User', name: 'ana' }]));
  idx.put(buildRoleBinding('team-a', 'ghost', { kind: 'Role', name: 'missing' }, [{ kind: 'User', name: 'ana' }]));
  const ana = { username: 'ana', groups: ['system:authenticated'] };

  it('lists cluster-wide and namespace rules, deduplicated, and flags missing roles', () => {
    expect(rulesForUser(idx, ana, 'team-a')).toEqual({
      resourceRules: [
        { verbs: ['get', 'list'], apiGroups: [GW], resources: ['gateways'] },
        { verbs: ['*'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/version'] }],
      incomplete: true,
      evaluationError: 'role.rbac.authorization.k8s.io "missing" not found',
    });
  });

  it('omits namespace grants outside that namespace', () => {
    const rules = rulesForUser(idx, ana, 'team-b');
    expect(rules.resourceRules).toEqual([{ verbs: ['get', 'list'], apiGroups: [GW], resources: ['gateways'] }]);
    expect(rules.incomplete).toBe(false);
  });

  it('gives system:masters everything', () => {
    expect(rulesForUser(idx, { username: 'root', groups: ['system:masters'] }, '').resourceRules).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    ]);
  });
});
