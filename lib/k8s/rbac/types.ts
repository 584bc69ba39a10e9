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

/** Who is making a request, as Kubernetes' authenticator describes them. */
export interface RbacUser {
  username: string;
  uid?: string;
  /** Always includes `system:authenticated` for signed-in users. */
  groups: string[];
}

/** What a request wants to do, in Kubernetes authorization attributes. */
export interface RbacRequest {
  user: RbacUser;
  /** get, list, watch, create, update, patch, delete, deletecollection, or a non-resource verb (get, post...). */
  verb: string;
  /** Resource requests: API group ("" for core), plural resource, optional subresource, namespace and name. */
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Non-resource requests (e.g. `/k8s/version` is checked as `/version`). */
  nonResourcePath?: string;
}

export interface RbacDecision {
  allowed: boolean;
  /** Why, in words a user can act on; for denials, who may not do what. */
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
