import type { K8sObject } from '@/lib/k8s/object';
import { RBAC_GROUP, type PolicyRule, type RoleRef, type Subject } from '@/lib/k8s/rbac/types';

/** Builders for RBAC objects as clients submit them (no uid, timestamps or resourceVersion yet). */

const API_VERSION = `${RBAC_GROUP}/v1`;

export function buildClusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): K8sObject {
  return { apiVersion: API_VERSION, kind: 'ClusterRole', metadata: { name, ...(labels ? { labels } : {}) }, rules };
}

export function buildRole(namespace: string, name: string, rules: PolicyRule[], labels?: Record<string, string>): K8sObject {
  return { apiVersion: API_VERSION, kind: 'Role', metadata: { name, namespace, ...(labels ? { labels } : {}) }, rules };
}

export function buildClusterRoleBinding(
  name: string,
  clusterRoleName: string,
  subjects: Subject[],
  labels?: Record<string, string>,
): K8sObject {
  return {
    apiVersion: API_VERSION,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...(labels ? { labels } : {}) },
    subjects: subjects.map(withSubjectApiGroup),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRoleName },
  };
}

export function buildRoleBinding(
  namespace: string,
  name: string,
  roleRef: Pick<RoleRef, 'kind' | 'name'>,
  subjects: Subject[],
  labels?: Record<string, string>,
): K8sObject {
  return {
    apiVersion: API_VERSION,
    kind: 'RoleBinding',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    subjects: subjects.map(withSubjectApiGroup),
    roleRef: { apiGroup: RBAC_GROUP, kind: roleRef.kind, name: roleRef.name },
  };
}

/** kube defaults apiGroup to rbac.authorization.k8s.io for User and Group subjects, "" for ServiceAccounts. */
function withSubjectApiGroup(subject: Subject): Subject {
  if (subject.apiGroup !== undefined) return subject;
  return { ...subject, apiGroup: subject.kind === 'ServiceAccount' ? '' : RBAC_GROUP };
}
