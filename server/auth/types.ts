import type { IncomingMessage } from 'node:http';
import type { PolicyRule, RbacDecision, RbacRequest, RbacUser, RoleRef } from '@/lib/k8s/rbac/types';

/**
 * Who is making a request and what it wants to do, in Kubernetes' authentication and
 * authorization attributes. The shapes live in lib/ (the pure RBAC evaluator decides on them);
 * these are their names on the server side.
 */
export type { RbacUser as UserInfo, RbacRequest as RequestAttributes, RbacDecision as AuthorizationDecision } from '@/lib/k8s/rbac/types';

/** Decides requests from the RBAC objects in the store; deny by default. */
export interface Authorizer {
  authorize(attributes: RbacRequest): RbacDecision;
}

export type AuthenticationResult =
  | { kind: 'authenticated'; user: RbacUser; via: 'session' | 'token' | 'admin-token' | 'service-account' }
  | { kind: 'anonymous' }
  /** Credentials were presented but are invalid or expired: 401, never fall back to anonymous. */
  | { kind: 'rejected'; reason: string };

/**
 * A bearer token for one of Portico's own components (the controller), issued per process and
 * held only in memory: the component's identity, authorized by RBAC like anyone else's.
 */
export interface ServiceAccountToken {
  token: string;
  user: RbacUser;
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
    user: RbacUser,
    namespace: string,
    rules: readonly PolicyRule[],
  ): { allowed: true } | { allowed: false; message: string };
  /** The rules a binding's roleRef grants in `bindingNamespace` ('' for cluster bindings); undefined if the role is missing. */
  roleRefRules(roleRef: RoleRef, bindingNamespace: string): PolicyRule[] | undefined;
}
