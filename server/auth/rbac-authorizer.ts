import type { Logger } from 'pino';
import { authorizeRbac } from '@/lib/k8s/rbac/authorize-rbac';
import { confirmNoEscalation, type EscalationCheck } from '@/lib/k8s/rbac/confirm-no-escalation';
import { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import { rulesForUser } from '@/lib/k8s/rbac/rules-for-user';
import { RBAC_GROUP, type PolicyRule, type RoleRef, type SubjectRules } from '@/lib/k8s/rbac/types';
import type { AuthorizationDecision, Authorizer, RequestAttributes, UserInfo } from '@/server/auth/types';
import { StoreExpiredError, type Store, type StoreEvent, type WatchHandle } from '@/server/store/types';
import { ADMIN_USERNAME } from '@/server/auth/user-store';

/** Every RBAC kind lives under this store prefix (roles, clusterroles, rolebindings, clusterrolebindings). */
export const RBAC_STORE_PREFIX = `/${RBAC_GROUP}/`;

export interface RbacAuthorizer extends Authorizer {
  /** The rules a user holds in a namespace ('' = cluster scope), for SelfSubjectRulesReview and navigation. */
  rulesFor(user: UserInfo, namespace: string): SubjectRules;
  /**
   * RBAC escalation prevention for Role/ClusterRole and binding writes: may `user` grant `rules`
   * in `namespace` ('' for cluster-wide objects)? Call unless the user holds `escalate` (roles)
   * or `bind` (bindings) on the role.
   */
  confirmNoEscalation(user: UserInfo, namespace: string, rules: readonly PolicyRule[]): EscalationCheck;
  /** The rules a binding's roleRef grants in `bindingNamespace` ('' for ClusterRoleBindings); undefined if the role does not exist. */
  roleRefRules(roleRef: RoleRef, bindingNamespace: string): PolicyRule[] | undefined;
  /** The store revision the index reflects (the last RBAC event applied, or the initial list's revision). */
  revision(): number;
  close(): void;
}

const MAX_RELIST_ATTEMPTS = 5;

/**
 * RBAC over the store's RBAC objects. The objects are listed once and kept current by a watch,
 * into an index parsed on arrival, so a decision is a few map lookups: no database read, no
 * JSON parsing. A watch that cannot resume (history compacted) re-lists from scratch.
 */
export function createRbacAuthorizer(options: { store: Store; logger: Logger }): RbacAuthorizer {
  const { store, logger } = options;
  const index = new RbacIndex();
  let handle: WatchHandle | undefined;
  let revision = 0;
  let closed = false;

  function apply(event: StoreEvent): void {
    if (closed) return;
    if (event.type === 'put') {
      if (!index.put(event.value)) {
        logger.warn({ key: event.key, revision: event.revision }, 'ignored an RBAC object that does not parse; it grants nothing');
      }
    } else {
      index.remove(event.value);
    }
    revision = event.revision;
  }

  function load(): void {
    for (let attempt = 1; ; attempt++) {
      const listed = store.list(RBAC_STORE_PREFIX);
      index.clear();
      for (const entry of listed.entries) {
        if (!index.put(entry.value)) logger.warn({ key: entry.key }, 'ignored an RBAC object that does not parse; it grants nothing');
      }
      revision = listed.revision;
      try {
        handle = store.watch(RBAC_STORE_PREFIX, listed.revision, apply);
        logger.info({ revision, ...index.size() }, 'RBAC index loaded');
        return;
      } catch (err) {
        if (!(err instanceof StoreExpiredError) || attempt >= MAX_RELIST_ATTEMPTS) throw err;
        logger.info({ requested: err.requested, compacted: err.compacted }, 'RBAC watch expired before it started; listing again');
      }
    }
  }

  load();

  return {
    authorize(attributes: RequestAttributes): AuthorizationDecision {
      const { user } = attributes;
      // Only the admin token authenticates as this name (local users cannot take it).
      if (user.username === ADMIN_USERNAME) return { allowed: true, reason: 'allowed: the admin token user' };
      return authorizeRbac(index, attributes);
    },
    rulesFor(user, namespace) {
      return rulesForUser(index, user, namespace);
    },
    confirmNoEscalation(user, namespace, rules) {
      if (user.username === ADMIN_USERNAME) return { allowed: true };
      return confirmNoEscalation(index, user, namespace, rules);
    },
    roleRefRules(roleRef, bindingNamespace) {
      return index.rulesOf(roleRef, bindingNamespace);
    },
    revision: () => revision,
    close() {
      closed = true;
      handle?.stop();
      handle = undefined;
    },
  };
}
