import type { IncomingMessage } from 'node:http';
import type { PolicyRule, RoleRef } from '@/lib/k8s/rbac/types';

/** Who is making a request, as Kubernetes' authenticator would describe them. */
export interface UserInfo {
  username: string;
  uid?: string;
  /** Always includes `system:authenticated` for signed-in users. */
  groups: string[];
}

/** What a request wants to do, in Kubernetes authorization attributes. */
export interface RequestAttributes {
  user: UserInfo;
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

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why, in words a user can act on; for denials, who may not do what. */
  reason: string;
}

/** Decides requests from the RBAC objects in the store; deny by default. */
export interface Authorizer {
  authorize(attributes: RequestAttributes): AuthorizationDecision;
}

export type AuthenticationResult =
  | { kind: 'authenticated'; user: UserInfo; via: 'session' | 'token' | 'admin-token' | 'service-account' }
  | { kind: 'anonymous' }
  /** Credentials were presented but are invalid or expired: 401, never fall back to anonymous. */
  | { kind: 'rejected'; reason: string };

/**
 * A bearer token for one of Portico's own components (the controller), issued per process and
 * held only in memory: the component's identity, authorized by RBAC like anyone else's.
 */
export interface ServiceAccountToken {
  token: string;
  user: UserInfo;
}

/** Authenticates HTTP requests by bearer token or session cookie. */
export interface Authenticator {
  authenticate(req: IncomingMessage): AuthenticationResult;
}

/**
 * Kubernetes' RBAC escalation prevention, which the API server applies to writes of roles and
 * bindings: a user may grant only permissions they already hold (unless they have the
 * `escalate` or `bind` verb).
 */
export interface EscalationGuard {
  confirmNoEscalation(
    user: UserInfo,
    namespace: string,
    rules: readonly PolicyRule[],
  ): { allowed: true } | { allowed: false; message: string };
  /** The rules a binding's roleRef grants in `bindingNamespace` ('' for cluster bindings); undefined if the role is missing. */
  roleRefRules(roleRef: RoleRef, bindingNamespace: string): PolicyRule[] | undefined;
}
