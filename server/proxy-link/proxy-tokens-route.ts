import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AuthError } from '@/server/auth/auth-error';
import { checkCsrf } from '@/server/auth/csrf';
import { HttpError, readJsonBody } from '@/server/auth/json-http';
import type { TokenStore } from '@/server/auth/token-store';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendApiError, sendJson } from '@/server/http/json-response';
import { proxyUser } from '@/server/proxy-link/proxy-identity';

export const PROXY_TOKENS_PATH = '/api/proxy-tokens';
/** The RBAC resource that guards minting proxy tokens (cluster-scoped, group portico.dev). */
const RESOURCE = { apiGroup: 'portico.dev', resource: 'proxytokens' } as const;

const createBody = z.strictObject({
  name: z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters'),
  expiresInSeconds: z.number().int().positive().optional(),
});

export interface ProxyTokensRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  tokens: TokenStore;
}

/**
 * Bearer tokens for proxies on other hosts (`npx portico proxy --control-plane URL --token T`):
 * `POST /api/proxy-tokens {name, expiresInSeconds?}` -> 201 `{token, id, name, createdAt}` (the
 * secret is shown once), `GET` lists them, `DELETE /api/proxy-tokens/<id>` revokes one. Each acts
 * as the proxy service account, which may only pull snapshots and post acks (`/api/proxy`),
 * never touch `/k8s`. Guarded by RBAC on `proxytokens.portico.dev` (create / list / delete).
 */
export function createProxyTokensRoute(deps: ProxyTokensRouteDeps) {
  const account = proxyUser().username;
  return async function handleProxyTokens(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const auth = deps.authenticator.authenticate(req);
      if (auth.kind !== 'authenticated') throw new HttpError(401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in or send a bearer token');
      const path = (req.url ?? '').split('?')[0] ?? '';
      const id = path.startsWith(`${PROXY_TOKENS_PATH}/`) ? decodeURIComponent(path.slice(PROXY_TOKENS_PATH.length + 1)) : undefined;
      if (path !== PROXY_TOKENS_PATH && id === undefined) throw new HttpError(404, 'NotFound', `no such endpoint: ${path}`);
      if (req.method !== 'GET') {
        const csrf = checkCsrf(req, auth);
        if (!csrf.ok) throw new HttpError(403, 'Forbidden', csrf.reason);
      }
      if (id === undefined && req.method === 'GET') {
        authorize(deps.authorizer, auth.user, 'list');
        return sendJson(res, 200, { tokens: deps.tokens.list(account) });
      }
      if (id === undefined && req.method === 'POST') {
        authorize(deps.authorizer, auth.user, 'create');
        const parsed = createBody.safeParse(await readJsonBody(req));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new HttpError(422, 'Invalid', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
        }
        const created = deps.tokens.create(account, parsed.data.name, parsed.data.expiresInSeconds);
        return sendJson(res, 201, { token: created.token, id: created.id, name: created.name, createdAt: created.createdAt, ...(created.expiresAt ? { expiresAt: created.expiresAt } : {}) });
      }
      if (id !== undefined && req.method === 'DELETE') {
        authorize(deps.authorizer, auth.user, 'delete');
        if (!deps.tokens.revoke(account, id)) throw new HttpError(404, 'NotFound', `no proxy token with id "${id}"`);
        res.writeHead(204).end();
        return;
      }
      res.setHeader('Allow', id === undefined ? 'GET, POST' : 'DELETE');
      throw new HttpError(405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${path}`);
    } catch (err) {
      if (err instanceof HttpError) return sendApiError(res, err.status, err.code, err.message);
      if (err instanceof AuthError) return sendApiError(res, 422, 'Invalid', err.message);
      throw err;
    }
  };
}

function authorize(authorizer: Authorizer, user: UserInfo, verb: 'create' | 'list' | 'delete'): void {
  const decision = authorizer.authorize({ user, verb, ...RESOURCE });
  if (!decision.allowed) throw new HttpError(403, 'Forbidden', `${user.username} may not ${verb} proxytokens.portico.dev: ${decision.reason}`);
}
