import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { secretsEqual } from '@/server/auth/secrets';
import { readSessionCookie } from '@/server/auth/session-cookie';
import type { SessionStore } from '@/server/auth/session-store';
import type { TokenStore } from '@/server/auth/token-store';
import type { AuthenticationResult, Authenticator, ServiceAccountToken, UserInfo } from '@/server/auth/types';
import { ADMIN_USERNAME, AUTHENTICATED_GROUP } from '@/server/auth/user-store';

export interface AuthenticatorOptions {
  /** `$PORTICO_ADMIN_TOKEN`; undefined disables it. */
  adminToken?: string;
  tokens: TokenStore;
  sessions: SessionStore;
  logger: Logger;
  /** Tokens of Portico's own components (in memory, per process). */
  serviceAccounts?: readonly ServiceAccountToken[];
}

/** The admin token's identity: a cluster-admin, like kube's `system:masters` members. */
export function adminUser(): UserInfo {
  return { username: ADMIN_USERNAME, groups: ['system:masters', AUTHENTICATED_GROUP] };
}

/**
 * Authorization: Bearer first (admin token, then stored tokens), else the session cookie.
 * Credentials that are present but wrong are `rejected`: never silently anonymous, so a stale
 * token fails loudly instead of showing an empty console.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const { adminToken, tokens, sessions, logger } = options;
  const serviceAccounts = options.serviceAccounts ?? [];

  // Every service token is compared (in constant time), so timing does not reveal which one matched.
  function findServiceAccount(token: string): UserInfo | undefined {
    let found: UserInfo | undefined;
    for (const account of serviceAccounts) {
      if (secretsEqual(token, account.token)) found ??= account.user;
    }
    return found;
  }

  function decide(req: IncomingMessage): AuthenticationResult {
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+) *$/i.exec(authorization);
      if (!match?.[1]) return { kind: 'rejected', reason: 'the Authorization header must be "Bearer <token>"' };
      const token = match[1];
      if (adminToken !== undefined && secretsEqual(token, adminToken)) {
        return { kind: 'authenticated', user: adminUser(), via: 'admin-token' };
      }
      const serviceUser = findServiceAccount(token);
      if (serviceUser) return { kind: 'authenticated', user: { ...serviceUser, groups: [...serviceUser.groups] }, via: 'service-account' };
      const user = tokens.lookup(token);
      return user ? { kind: 'authenticated', user, via: 'token' } : { kind: 'rejected', reason: 'the bearer token is invalid, expired or revoked' };
    }
    const sessionId = readSessionCookie(req);
    if (sessionId !== undefined) {
      const user = sessions.lookup(sessionId);
      return user ? { kind: 'authenticated', user, via: 'session' } : { kind: 'rejected', reason: 'the session has expired or was signed out' };
    }
    return { kind: 'anonymous' };
  }

  return {
    authenticate(req) {
      const result = decide(req);
      const remoteAddress = req.socket.remoteAddress;
      if (result.kind === 'authenticated') {
        // Per-request successes are debug: info would log every API call; sign-ins are logged at info by the routes.
        logger.debug({ event: 'authentication', result: 'authenticated', user: result.user.username, via: result.via, remoteAddress }, 'request authenticated');
      } else if (result.kind === 'rejected') {
        logger.warn({ event: 'authentication', result: 'rejected', reason: result.reason, remoteAddress }, 'request credentials rejected');
      }
      return result;
    },
  };
}
