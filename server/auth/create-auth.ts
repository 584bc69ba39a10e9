import type { Logger } from 'pino';
import { openAuthDatabase } from '@/server/auth/auth-database';
import { createAuthRoutes, type AuthRouteHandler } from '@/server/auth/auth-routes';
import { createAuthenticator } from '@/server/auth/authenticator';
import { checkCsrf } from '@/server/auth/csrf';
import type { KubeconfigTarget } from '@/server/auth/kubeconfig';
import { DEFAULT_LOGIN_RATE_LIMITS, LoginRateLimiter, type LoginRateLimits } from '@/server/auth/login-rate-limiter';
import type { ScryptParams } from '@/server/auth/password-hash';
import { createRbacAuthorizer, type RbacAuthorizer } from '@/server/auth/rbac-authorizer';
import { SessionStore } from '@/server/auth/session-store';
import { TokenStore } from '@/server/auth/token-store';
import type { Authenticator, ServiceAccountToken } from '@/server/auth/types';
import { UserStore } from '@/server/auth/user-store';
import type { Store } from '@/server/store/types';

export interface CreateAuthOptions {
  /** The data directory; local users live in `<dataDir>/auth.sqlite`. */
  dataDir: string;
  /** The object store holding the RBAC objects. */
  store: Store;
  /** `$PORTICO_ADMIN_TOKEN`; undefined disables the admin token. */
  adminToken?: string;
  logger: Logger;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  clock?: () => number;
  /** Tests may lower the scrypt cost; hashes record their own parameters. */
  scryptParams?: ScryptParams;
  loginRateLimits?: LoginRateLimits;
  /** Bearer tokens of Portico's own components (the controller), random per process; RBAC decides what they may do. */
  serviceAccounts?: readonly ServiceAccountToken[];
  /** Where `POST /api/auth/kubeconfig` points kubectl; known once the server listens. */
  kubeconfigTarget?: () => KubeconfigTarget | undefined;
}

export interface Auth {
  authenticator: Authenticator;
  authorizer: RbacAuthorizer;
  users: UserStore;
  tokens: TokenStore;
  sessions: SessionStore;
  /** Handles `/api/auth/*`; resolves false for other paths. */
  handleAuthRoute: AuthRouteHandler;
  /** The CSRF guard, for the `/k8s` API server's cookie-authenticated requests. */
  checkCsrf: typeof checkCsrf;
  close(): void;
}

/** Wires users, sessions, tokens, the login limiter, the authenticator, RBAC and the routes. */
export function createAuth(options: CreateAuthOptions): Auth {
  const now = options.clock ?? Date.now;
  const db = openAuthDatabase(options.dataDir);
  try {
    const users = new UserStore(db, now, options.scryptParams);
    const sessions = new SessionStore(db, now);
    const tokens = new TokenStore(db, now);
    const authenticator = createAuthenticator({
      adminToken: options.adminToken,
      tokens,
      sessions,
      logger: options.logger,
      serviceAccounts: options.serviceAccounts,
    });
    const authorizer = createRbacAuthorizer({ store: options.store, logger: options.logger });
    const rateLimiter = new LoginRateLimiter(now, options.loginRateLimits ?? DEFAULT_LOGIN_RATE_LIMITS);
    const handleAuthRoute = createAuthRoutes({
      authenticator,
      users,
      sessions,
      tokens,
      rateLimiter,
      logger: options.logger,
      kubeconfigTarget: options.kubeconfigTarget,
    });
    return {
      authenticator,
      authorizer,
      users,
      tokens,
      sessions,
      handleAuthRoute,
      checkCsrf,
      close() {
        authorizer.close();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
