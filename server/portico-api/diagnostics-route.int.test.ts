import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthenticationResult, Authenticator, Authorizer } from '@/server/auth/types';
import type { RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import type { DiagnosticsResponse } from '@/lib/api/diagnostics';
import { createDiagnosticsRoute } from '@/server/portico-api/diagnostics-route';

/**
 * GET /api/diagnostics/<kind>/<namespace>/<name> on a real HTTP server: authentication,
 * authorization of `get` on the route, existence, and names of other namespaces' routes shown
 * only to callers who may get them. Identities and grants come from small tables here; the
 * real RBAC authorizer is exercised by server/auth's own tests.
 */

const USERS: Record<string, string> = { 'token-ana': 'ana', 'token-chihiro': 'chihiro' };
/** `user verb resource namespace/name` grants; `*` as name grants the namespace. */
const GRANTS = new Set(['ana get httproutes team-a/*', 'chihiro get httproutes team-a/*', 'chihiro get httproutes team-b/*']);

const authenticator: Authenticator = {
  authenticate(req): AuthenticationResult {
    const header = req.headers.authorization ?? '';
    if (!header) return { kind: 'anonymous' };
    const username = USERS[header.replace(/^Bearer /, '')];
    return username ? { kind: 'authenticated', user: { username, groups: ['system:authenticated'] }, via: 'token' } : { kind: 'rejected', reason: 'invalid bearer token' };
  },
};
const authorizer: Authorizer = {
  authorize: ({ user, verb, resource, namespace, name }) => {
    const allowed = GRANTS.has(`${user.username} ${verb} ${resource} ${namespace}/*`) || GRANTS.has(`${user.username} ${verb} ${resource} ${namespace}/${name}`);
    return { allowed, reason: allowed ? 'granted' : 'no rule allows it' };
  },
};

const DIAGNOSTICS: RouteDiagnostics[] = [
  {
    kind: 'HTTPRoute',
    namespace: 'team-a',
    name: 'second',
    findings: [
      {
        type: 'ShadowedRule',
        ruleIndex: 0,
        listeners: ['infra/gw/http'],
        hostnames: ['app.example.com'],
        message: 'rule 0 never serves a request: on app.example.com, every request it matches is taken first by a higher-precedence rule (HTTPRoute first rule 0, HTTPRoute in namespace team-b).',
        related: [
          { kind: 'HTTPRoute', namespace: 'team-a', name: 'first', ruleIndex: 0 },
          { kind: 'HTTPRoute', namespace: 'team-b', name: 'secret-name', ruleIndex: 2 },
        ],
      },
    ],
  },
];
const EXISTING = new Set(['HTTPRoute/team-a/second', 'HTTPRoute/team-a/clean', 'HTTPRoute/team-c/other']);

let server: Server;
let base: string;

beforeAll(async () => {
  const handle = createDiagnosticsRoute({ authenticator, authorizer, diagnostics: () => DIAGNOSTICS, routeExists: (k, ns, n) => EXISTING.has(`${k}/${ns}/${n}`) });
  server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function get(path: string, token?: string, method = 'GET') {
  const res = await fetch(`${base}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as DiagnosticsResponse & { error?: { code: string; message: string } } };
}

describe('GET /api/diagnostics/<kind>/<namespace>/<name>', () => {
  it.each([
    { name: 'no credentials', path: '/api/diagnostics/HTTPRoute/team-a/second', token: undefined, status: 401 },
    { name: 'invalid credentials', path: '/api/diagnostics/HTTPRoute/team-a/second', token: 'nope', status: 401 },
    { name: 'a route the user may not get', path: '/api/diagnostics/HTTPRoute/team-c/other', token: 'token-ana', status: 403 },
    { name: 'denied before existence is revealed', path: '/api/diagnostics/HTTPRoute/team-c/missing', token: 'token-ana', status: 403 },
    { name: 'an unknown route', path: '/api/diagnostics/HTTPRoute/team-a/missing', token: 'token-ana', status: 404 },
    { name: 'an unknown kind', path: '/api/diagnostics/Gateway/team-a/second', token: 'token-ana', status: 404 },
    { name: 'a short path', path: '/api/diagnostics/HTTPRoute/team-a', token: 'token-ana', status: 404 },
    { name: 'a route without findings', path: '/api/diagnostics/httproutes/team-a/clean', token: 'token-ana', status: 200 },
  ])('$name -> $status', async ({ path, token, status }) => {
    expect((await get(path, token)).status).toBe(status);
  });

  it('answers the findings, hiding the name of a route the caller may not get', async () => {
    const res = await get('/api/diagnostics/HTTPRoute/team-a/second?x=1', 'token-ana');
    expect(res.status).toBe(200);
    expect(res.body.findings).toHaveLength(1);
    expect(res.body.findings[0]).toMatchObject({ type: 'ShadowedRule', ruleIndex: 0, listeners: ['infra/gw/http'] });
    expect(res.body.findings[0]?.related).toEqual([
      { kind: 'HTTPRoute', namespace: 'team-a', name: 'first', ruleIndex: 0 },
      { kind: 'HTTPRoute', namespace: 'team-b' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('secret-name');
  });

  it('shows the name to a caller who may get that route too', async () => {
    const res = await get('/api/diagnostics/HTTPRoute/team-a/second', 'token-chihiro');
    expect(res.body.findings[0]?.related).toContainEqual({ kind: 'HTTPRoute', namespace: 'team-b', name: 'secret-name', ruleIndex: 2 });
  });

  it('refuses other methods', async () => {
    expect((await get('/api/diagnostics/HTTPRoute/team-a/second', 'token-ana', 'POST')).status).toBe(405);
  });
});
