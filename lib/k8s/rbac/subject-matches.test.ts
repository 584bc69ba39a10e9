import { describe, expect, it } from 'vitest';
import { subjectMatches } from '@/lib/k8s/rbac/subject-matches';
import type { RbacUser, Subject } from '@/lib/k8s/rbac/types';

const ana: RbacUser = { username: 'ana', groups: ['portico:app-team-a', 'system:authenticated'] };
const sa: RbacUser = { username: 'system:serviceaccount:team-a:deployer', groups: ['system:serviceaccounts', 'system:authenticated'] };

describe('subjectMatches', () => {
  const cases: Array<[string, Subject, RbacUser, string, boolean]> = [
    ['user by name', { kind: 'User', name: 'ana' }, ana, 'team-a', true],
    ['other user', { kind: 'User', name: 'ian' }, ana, 'team-a', false],
    ['group member', { kind: 'Group', name: 'portico:app-team-a' }, ana, '', true],
    ['system:authenticated group', { kind: 'Group', name: 'system:authenticated' }, ana, '', true],
    ['not a member', { kind: 'Group', name: 'portico:infra' }, ana, '', false],
    ['user name is not a group', { kind: 'Group', name: 'ana' }, ana, '', false],
    ['service account with namespace', { kind: 'ServiceAccount', name: 'deployer', namespace: 'team-a' }, sa, '', true],
    ['service account defaults to binding namespace', { kind: 'ServiceAccount', name: 'deployer' }, sa, 'team-a', true],
    ['service account in another namespace', { kind: 'ServiceAccount', name: 'deployer', namespace: 'team-b' }, sa, 'team-a', false],
    ['namespace-less service account in a cluster binding', { kind: 'ServiceAccount', name: 'deployer' }, sa, '', false],
    ['unknown kind', { kind: 'Robot', name: 'ana' }, ana, '', false],
  ];
  it.each(cases)('%s', (_name, subject, user, ns, expected) => {
    expect(subjectMatches(subject, user, ns)).toBe(expected);
  });
});
