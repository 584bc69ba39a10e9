import { coversRules } from '@/lib/k8s/rbac/covers';
import type { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import { SYSTEM_MASTERS, type PolicyRule, type RbacUser } from '@/lib/k8s/rbac/types';

export type EscalationCheck = { allowed: true } | { allowed: false; uncovered: PolicyRule[]; message: string };

/**
 * Kubernetes' RBAC escalation prevention: writing a Role/ClusterRole with `rules`, or a binding
 * to a role with those rules, is allowed only if the writer already holds every one of them in
 * `namespace` ('' = cluster-wide: ClusterRoles and ClusterRoleBindings). The API server calls
 * this unless the writer has the `escalate` verb on the role (role writes) or `bind` on the
 * referenced role (binding writes). A role the writer cannot resolve counts as not held.
 */
export function confirmNoEscalation(index: RbacIndex, user: RbacUser, namespace: string, rules: readonly PolicyRule[]): EscalationCheck {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true };
  const held: PolicyRule[] = [];
  for (const binding of index.bindingsFor(user, namespace)) held.push(...(index.rulesOf(binding.roleRef, binding.namespace) ?? []));
  const { covered, uncovered } = coversRules(held, rules);
  if (covered) return { allowed: true };
  const shown = uncovered.slice(0, 10).map(describeRule).join('; ');
  const more = uncovered.length > 10 ? `; and ${uncovered.length - 10} more` : '';
  return {
    allowed: false,
    uncovered,
    message: `user "${user.username}" is attempting to grant RBAC permissions not currently held: ${shown}${more}`,
  };
}

function describeRule(rule: PolicyRule): string {
  if (rule.nonResourceURLs && rule.nonResourceURLs.length > 0) return `{NonResourceURLs:${JSON.stringify(rule.nonResourceURLs)}, Verbs:${JSON.stringify(rule.verbs)}}`;
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? `, ResourceNames:${JSON.stringify(rule.resourceNames)}` : '';
  return `{APIGroups:${JSON.stringify(rule.apiGroups ?? [])}, Resources:${JSON.stringify(rule.resources ?? [])}${names}, Verbs:${JSON.stringify(rule.verbs)}}`;
}
