import { forbiddenMessage } from '@/lib/k8s/rbac/forbidden-message';
import type { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import { isResourceRequest, ruleAllows } from '@/lib/k8s/rbac/rule-matches';
import { subjectMatches } from '@/lib/k8s/rbac/subject-matches';
import { SYSTEM_MASTERS, type IndexedBinding, type RbacDecision, type RbacRequest } from '@/lib/k8s/rbac/types';

/**
 * Decides one request against the indexed RBAC objects, deny by default. Members of
 * `system:masters` may do everything (kube-apiserver's privileged-group authorizer).
 */
export function authorizeRbac(index: RbacIndex, request: RbacRequest): RbacDecision {
  if (request.user.groups.includes(SYSTEM_MASTERS)) {
    return { allowed: true, reason: `allowed by group "${SYSTEM_MASTERS}"` };
  }
  // Non-resource URLs are cluster-wide: only ClusterRoleBindings can grant them.
  const namespace = isResourceRequest(request) ? (request.namespace ?? '') : '';
  for (const binding of index.bindingsFor(request.user, namespace)) {
    const rules = index.rulesOf(binding.roleRef, binding.namespace);
    if (!rules) continue;
    if (rules.some((rule) => ruleAllows(rule, request))) {
      return { allowed: true, reason: `RBAC: allowed by ${describeBinding(binding, request)}` };
    }
  }
  return { allowed: false, reason: forbiddenMessage(request) };
}

/** kube's wording: `RoleBinding "name/namespace" of ClusterRole "role" to Group "team"`. */
function describeBinding(binding: IndexedBinding, request: RbacRequest): string {
  const name = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  const subject = binding.subjects.find((s) => subjectMatches(s, request.user, binding.namespace));
  const who = subject
    ? subject.kind === 'ServiceAccount'
      ? `ServiceAccount "${subject.name}/${subject.namespace || binding.namespace}"`
      : `${subject.kind} "${subject.name}"`
    : 'subject';
  return `${binding.kind} "${name}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${who}`;
}
