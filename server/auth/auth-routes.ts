import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AuthError } from '@/server/auth/auth-error';
import { checkCsrf } from '@/server/auth/csrf';
import { HttpError, isFormPost, readFormBody, readJsonBody, sendError, sendJson, sendRedirect } from '@/server/auth/json-http';
import type { LoginRateLimiter } from '@/server/auth/login-rate-limiter';
import { renderKubeconfig, type KubeconfigTarget } from '@/server/auth/kubeconfig';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '@/server/auth/session-cookie';
import type { SessionStore } from '@/server/auth/session-store';
import type { TokenStore } from '@/server/auth/token-store';
import type { AuthenticationResult, Authenticator, UserInfo } from '@/server/auth/types';
import { MAX_PASSWORD_LENGTH, type UserStore } from '@/server/auth/user-store';

export type AuthRouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface AuthRoutesOptions {
  authenticator: Authenticator;
  users: UserStore;
  sessions: SessionStore;
  tokens: TokenStore;
  rateLimiter: LoginRateLimiter;
  logger: Logger;
  /** Where downloaded kubeconfigs point; known once the server listens. Absent: no kubeconfig endpoint. */
  kubeconfigTarget?: () => KubeconfigTarget | undefined;
}

const loginBody = z.object({
  username: z.string().min(1, 'username is required').max(253),
  password: z.string().min(1, 'password is required').max(MAX_PASSWORD_LENGTH),
});

const tokenBody = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  /** Optional lifetime; at most a year. */
  expiresInSeconds: z.number().int().positive().max(366 * 24 * 3600).optional(),
});

const TOKEN_PATH = /^\/api\/auth\/tokens\/([A-Za-z0-9_-]{1,64})$/;

/**
 * Portico's sign-in endpoints under `/api/auth`: login, logout, session, and bearer tokens.
 * Resolves false for paths outside `/api/auth`, so the caller can try its other handlers.
 * Every answer is JSON; errors are `{error: {code, message}}`.
 */
export function createAuthRoutes(options: AuthRoutesOptions): AuthRouteHandler {
  const { authenticator, users, sessions, tokens, rateLimiter, logger } = options;

  /**
   * JSON for scripts and the hydrated console; a plain form post (the console before its
   * JavaScript loads) gets the same checks and a 303 to the console, or back to the sign-in page
   * with the error's code, so a password never ends up in a URL.
   */
  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isFormPost(req)) return loginWith(req, await readJsonBody(req), (user, cookie) => sendJson(res, 200, { user }, { 'Set-Cookie': cookie }));
    try {
      await loginWith(req, await readFormBody(req), (_user, cookie) => sendRedirect(res, '/', { 'Set-Cookie': cookie }));
    } catch (err) {
      const error = toHttpError(err);
      sendRedirect(res, `/login?error=${encodeURIComponent(error.code)}`, error.headers);
    }
  }

  async function loginWith(
    req: IncomingMessage,
    body: unknown,
    succeed: (user: { username: string; groups: string[] }, cookie: string) => void,
  ): Promise<void> {
    const { username, password } = parse(loginBody, body);
    const remoteAddress = req.socket.remoteAddress ?? 'unknown';
    const attempt = rateLimiter.attempt(username, remoteAddress);
    if (!attempt.allowed) {
      logger.warn({ event: 'login', result: 'throttled', user: username, remoteAddress, limitedBy: attempt.limitedBy }, 'login refused: too many failed attempts');
      throw new HttpError(429, 'too_many_requests', `too many failed sign-in attempts; try again in ${attempt.retryAfterSeconds} seconds`, {
        'Retry-After': String(attempt.retryAfterSeconds),
      });
    }
    const user = await users.verify(username, password);
    if (!user) {
      logger.warn({ event: 'login', result: 'failed', user: username, remoteAddress }, 'login failed');
      throw new HttpError(401, 'invalid_credentials', 'the username or password is incorrect');
    }
    attempt.succeeded();
    // A new id on every sign-in (ASVS 3.2.1); any session the browser carried ends here.
    const previous = readSessionCookie(req);
    if (previous !== undefined) sessions.delete(previous);
    const session = sessions.create(user.username);
    logger.info({ event: 'login', result: 'succeeded', user: user.username, remoteAddress }, 'login succeeded');
    succeed(publicUser(user), sessionCookie(req, session.id));
  }

  function logout(req: IncomingMessage, res: ServerResponse, auth: AuthenticationResult): void {
    const id = readSessionCookie(req);
    if (id !== undefined) sessions.delete(id);
    logger.info({ event: 'logout', user: auth.kind === 'authenticated' ? auth.user.username : undefined, remoteAddress: req.socket.remoteAddress }, 'logout');
    if (isFormPost(req)) sendRedirect(res, '/login', { 'Set-Cookie': clearedSessionCookie(req) });
    else sendJson(res, 200, {}, { 'Set-Cookie': clearedSessionCookie(req) });
  }

  async function createToken(req: IncomingMessage, res: ServerResponse, user: UserInfo): Promise<void> {
    const body = parse(tokenBody, await readJsonBody(req));
    const created = tokens.create(user.username, body.name, body.expiresInSeconds);
    logger.info({ event: 'token-created', user: user.username, tokenId: created.id, tokenName: created.name }, 'bearer token created');
    sendJson(res, 201, {
      token: created.token,
      name: created.name,
      id: created.id,
      createdAt: created.createdAt,
      ...(created.expiresAt ? { expiresAt: created.expiresAt } : {}),
    });
  }

  /** A new bearer token wrapped in a ready-to-use kubeconfig (`POST /api/auth/kubeconfig`). */
  function createKubeconfig(res: ServerResponse, user: UserInfo): void {
    const target = options.kubeconfigTarget?.();
    if (!target) throw new HttpError(404, 'not_found', 'this server does not hand out kubeconfigs');
    const created = tokens.create(user.username, `kubeconfig ${new Date().toISOString()}`);
    logger.info({ event: 'token-created', user: user.username, tokenId: created.id, tokenName: created.name }, 'bearer token created');
    res.writeHead(201, {
      'Content-Type': 'application/yaml; charset=utf-8',
      'Content-Disposition': 'attachment; filename="portico-kubeconfig.yaml"',
      'Cache-Control': 'no-store',
    });
    res.end(renderKubeconfig(target, user.username, created.token));
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const auth = authenticator.authenticate(req);
    const csrf = checkCsrf(req, auth);
    if (!csrf.ok) {
      logger.warn({ event: 'csrf', result: 'refused', path, remoteAddress: req.socket.remoteAddress }, 'cross-site request refused');
      throw new HttpError(403, 'csrf_rejected', csrf.reason);
    }
    if (path === '/api/auth/login') {
      allow(method, ['POST']);
      return login(req, res);
    }
    if (path === '/api/auth/logout') {
      allow(method, ['POST']);
      return logout(req, res, auth);
    }
    if (path === '/api/auth/session') {
      allow(method, ['GET']);
      const user = signedIn(auth);
      return sendJson(res, 200, { user: publicUser(user) });
    }
    if (path === '/api/auth/tokens') {
      allow(method, ['GET', 'POST']);
      const user = localUser(auth);
      if (method === 'GET') return sendJson(res, 200, { tokens: tokens.list(user.username) });
      return createToken(req, res, user);
    }
    if (path === '/api/auth/kubeconfig') {
      allow(method, ['POST']);
      return createKubeconfig(res, localUser(auth));
    }
    const tokenMatch = TOKEN_PATH.exec(path);
    if (tokenMatch?.[1]) {
      allow(method, ['DELETE']);
      const user = localUser(auth);
      if (!tokens.revoke(user.username, tokenMatch[1])) throw new HttpError(404, 'not_found', `you have no token with id "${tokenMatch[1]}"`);
      logger.info({ event: 'token-revoked', user: user.username, tokenId: tokenMatch[1] }, 'bearer token revoked');
      return sendJson(res, 200, {});
    }
    throw new HttpError(404, 'not_found', `no such endpoint: ${path}`);
  }

  return async (req, res) => {
    const path = pathOf(req.url);
    if (path !== '/api/auth' && !path.startsWith('/api/auth/')) return false;
    try {
      await route(req, res, path);
    } catch (err) {
      const httpError = toHttpError(err);
      if (httpError.status >= 500) logger.error({ err, path }, 'auth endpoint failed');
      if (!res.headersSent) sendError(res, httpError);
      else res.destroy();
    }
    return true;
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

function allow(method: string, methods: string[]): void {
  if (!methods.includes(method)) {
    throw new HttpError(405, 'method_not_allowed', `use ${methods.join(' or ')} for this endpoint`, { Allow: methods.join(', ') });
  }
}

function signedIn(auth: AuthenticationResult): UserInfo {
  if (auth.kind === 'authenticated') return auth.user;
  if (auth.kind === 'rejected') throw new HttpError(401, 'unauthenticated', `${auth.reason}; sign in again`);
  throw new HttpError(401, 'unauthenticated', 'not signed in');
}

/** Tokens belong to local users; the admin token is configuration, not an account. */
function localUser(auth: AuthenticationResult): UserInfo {
  const user = signedIn(auth);
  if (auth.kind === 'authenticated' && auth.via === 'admin-token') {
    throw new HttpError(403, 'forbidden', 'the admin token is not a local user and cannot own tokens; sign in as a user');
  }
  if (auth.kind === 'authenticated' && auth.via === 'service-account') {
    throw new HttpError(403, 'forbidden', 'a service account is not a local user and cannot own tokens; sign in as a user');
  }
  return user;
}

function publicUser(user: UserInfo): { username: string; groups: string[] } {
  return { username: user.username, groups: user.groups };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new HttpError(400, 'invalid_request', `invalid request body: ${problems.join('; ')}`);
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof AuthError) {
    const status = err.code === 'USER_NOT_FOUND' ? 404 : err.code === 'USER_EXISTS' ? 409 : 400;
    return new HttpError(status, err.code.toLowerCase(), err.message);
  }
  return new HttpError(500, 'internal_error', 'the server failed to handle this request; see its log');
}
