/**
 * Kubernetes RBAC (rbac.authorization.k8s.io/v1) shapes and the request attributes the pure
 * evaluator decides on. `lib/*` may not import server code, so the attribute types here are
 * structurally identical to `RequestAttributes` / `UserInfo` in `server/auth/types.ts`.
 */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Grants everything, like kube-apiserver's privileged-group authorizer. */
export const SYSTEM_MASTERS = 'system:masters';
export const SYSTEM_AUTHENTICATED = 'system:authenticated';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface RbacUser {
  username: string;
  uid?: string;
  groups: string[];
}

export interface RbacRequest {
  user: RbacUser;
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  nonResourcePath?: string;
}

export interface RbacDecision {
  allowed: boolean;
  reason: string;
}

/** A binding as the index keeps it: where it lives, whom it names, what it grants. */
export interface IndexedBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  /** Empty for ClusterRoleBindings. */
  namespace: string;
  name: string;
  subjects: Subject[];
  roleRef: RoleRef;
}

/** The rules a user holds in one namespace, in SelfSubjectRulesReview's shape. */
export interface SubjectRules {
  resourceRules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs: string[] }>;
  /** True when some binding referenced a role that does not exist (the answer may be short). */
  incomplete: boolean;
  evaluationError?: string;
}
