import type { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import { RBAC_GROUP, SYSTEM_MASTERS, type PolicyRule, type RbacUser, type SubjectRules } from '@/lib/k8s/rbac/types';

/**
 * The rules a user holds in `namespace` (cluster-wide grants included), in
 * SelfSubjectRulesReview's shape. For showing and hiding UI only: decisions are made by
 * `authorizeRbac` on the real request. Identical rules are listed once, in binding order.
 */
export function rulesForUser(index: RbacIndex, user: RbacUser, namespace: string): SubjectRules {
  if (user.groups.includes(SYSTEM_MASTERS)) {
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  }
  const result: SubjectRules = { resourceRules: [], nonResourceRules: [], incomplete: false };
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const binding of index.bindingsFor(user, namespace)) {
    const rules = index.rulesOf(binding.roleRef, binding.namespace);
    if (!rules) {
      const resource = binding.roleRef.kind === 'ClusterRole' ? 'clusterrole' : 'role';
      missing.push(`${resource}.${RBAC_GROUP} "${binding.roleRef.name}" not found`);
      continue;
    }
    for (const rule of rules) addRule(result, rule, seen);
  }
  if (missing.length > 0) {
    result.incomplete = true;
    result.evaluationError = [...new Set(missing)].join(', ');
  }
  return result;
}

function addRule(result: SubjectRules, rule: PolicyRule, seen: Set<string>): void {
  if ((rule.resources ?? []).length > 0) {
    const entry = {
      verbs: [...rule.verbs],
      apiGroups: [...(rule.apiGroups ?? [])],
      resources: [...(rule.resources ?? [])],
      ...(rule.resourceNames && rule.resourceNames.length > 0 ? { resourceNames: [...rule.resourceNames] } : {}),
    };
    const key = `r${JSON.stringify(entry)}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.resourceRules.push(entry);
    }
  }
  if ((rule.nonResourceURLs ?? []).length > 0) {
    const entry = { verbs: [...rule.verbs], nonResourceURLs: [...(rule.nonResourceURLs ?? [])] };
    const key = `n${JSON.stringify(entry)}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.nonResourceRules.push(entry);
    }
  }
}
