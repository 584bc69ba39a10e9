import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { RBAC_GROUP, type PolicyRule, type RoleRef } from '@/lib/k8s/rbac/types';
import { forbidden, qualifiedResource } from '@/lib/k8s/status-error';
import type { Authorizer, EscalationGuard, UserInfo } from '@/server/auth/types';

/**
 * Admission for RBAC writes, as kube-apiserver does it: a Role/ClusterRole may only contain
 * rules its author already holds (or the author has `escalate` on it), and a binding may only
 * point at a role whose rules its author holds (or the author has `bind` on that role).
 * Without this, anyone allowed to write RoleBindings could grant themselves anything.
 */
export function checkRbacEscalation(
  type: ResourceType,
  object: K8sObject,
  user: UserInfo,
  authorizer: Authorizer,
  guard: EscalationGuard,
): void {
  if (type.group !== RBAC_GROUP) return;
  const name = object.metadata.name ?? '';
  const namespace = type.namespaced ? (object.metadata.namespace ?? '') : '';
  const refuse = (why: string) => {
    throw forbidden(`${qualifiedResource(type.group, type.plural)} "${name}" is forbidden: ${why}`);
  };
  const holds = (verb: string, resource: string, resourceName: string) =>
    authorizer.authorize({ user, verb, apiGroup: RBAC_GROUP, resource, name: resourceName, namespace: namespace || undefined })
      .allowed;

  if (type.kind === 'Role' || type.kind === 'ClusterRole') {
    if (holds('escalate', type.plural, name)) return;
    const check = guard.confirmNoEscalation(user, namespace, (object.rules as PolicyRule[] | undefined) ?? []);
    if (!check.allowed) refuse(check.message);
    return;
  }
  if (type.kind === 'RoleBinding' || type.kind === 'ClusterRoleBinding') {
    const roleRef = object.roleRef as RoleRef;
    if (holds('bind', roleRef.kind === 'ClusterRole' ? 'clusterroles' : 'roles', roleRef.name)) return;
    const rules = guard.roleRefRules(roleRef, namespace);
    if (rules === undefined) refuse(`${roleRef.kind} "${roleRef.name}" does not exist, and user "${user.username}" may not bind it`);
    const check = guard.confirmNoEscalation(user, namespace, rules ?? []);
    if (!check.allowed) refuse(check.message);
  }
}
