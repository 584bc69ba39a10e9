import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '@/server/auth/create-auth';
import { captureLogger } from '@/server/auth/testing/capture-logger';
import { openStore } from '@/server/store/sqlite-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import type { Store } from '@/server/store/types';

const PASSWORD = 'correct horse battery';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

describe('/api/auth over HTTP (real SQLite files, real server)', () => {
  let tmp: ReturnType<typeof makeTempStoreDir>;
  let store: Store;
  let auth: Auth;
  let server: Server;
  let base: string;
  let origin: string;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const log = captureLogger();

  beforeAll(async () => {
    tmp = makeTempStoreDir();
    store = openStore({ path: tmp.file('store.sqlite'), synchronous: 'NORMAL' });
    auth = createAuth({
      dataDir: tmp.dir,
      store,
      adminToken: ADMIN_TOKEN,
      logger: log.logger,
      clock: () => now,
      scryptParams: { N: 2 ** 10, r: 8, p: 1 },
    });
    for (const username of ['ana', 'ian', 'chihiro', 'limited']) await auth.users.create({ username, password: PASSWORD, groups: ['portico:demo'] });
    server = createServer((req, res) => {
      auth.handleAuthRoute(req, res).then(
        (handled) => {
          if (!handled) {
            res.writeHead(418);
            res.end('not auth');
          }
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    origin = base;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    auth.close();
    store.close();
    tmp.remove();
  });

  function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    return fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function login(username: string, password = PASSWORD): Promise<string> {
    const res = await post('/api/auth/login', { username, password });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    return cookie.split(';')[0] ?? '';
  }

  it('login answers the user and sets a hardened session cookie', async () => {
    const res = await post('/api/auth/login', { username: 'ana', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { username: 'ana', groups: ['portico:demo', 'system:authenticated'] } });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^portico_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=43200$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a new session id on every login; the previous one ends', async () => {
    const first = await login('ana');
    const res = await post('/api/auth/login', { username: 'ana', password: PASSWORD }, { cookie: first });
    const second = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(second).not.toBe(first);
    expect((await fetch(`${base}/api/auth/session`, { headers: { cookie: first } })).status).toBe(401);
    expect((await fetch(`${base}/api/auth/session`, { headers: { cookie: second } })).status).toBe(200);
  });

  it('GET /api/auth/session answers the signed-in user, 401 otherwise', async () => {
    const cookie = await login('ian');
    const res = await fetch(`${base}/api/auth/session`, { headers: { cookie } });
    expect(await res.json()).toEqual({ user: { username: 'ian', groups: ['portico:demo', 'system:authenticated'] } });
    const anonymous = await fetch(`${base}/api/auth/session`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: 'not signed in' } });
    const bogus = await fetch(`${base}/api/auth/session`, { headers: { cookie: 'portico_session=forged' } });
    expect(bogus.status).toBe(401);
  });

  it('wrong password and unknown user: 401 with the same message', async () => {
    const wrong = await post('/api/auth/login', { username: 'chihiro', password: 'not the password' });
    const unknown = await post('/api/auth/login', { username: 'nobody', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.json();
    expect(a).toEqual({ error: { code: 'invalid_credentials', message: 'the username or password is incorrect' } });
    expect(await unknown.json()).toEqual(a);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('rate-limits failed logins per account with 429 and Retry-After; time heals it', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await post('/api/auth/login', { username: 'limited', password: `wrong-${i}-password` })).status).toBe(401);
    }
    const limited = await post('/api/auth/login', { username: 'limited', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('900');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    // Other accounts from the same address still work.
    expect((await post('/api/auth/login', { username: 'ana', password: PASSWORD })).status).toBe(200);
    now += 15 * 60 * 1000;
    expect((await post('/api/auth/login', { username: 'limited', password: PASSWORD })).status).toBe(200);
  });

  it('logout invalidates the session server-side and clears the cookie', async () => {
    const cookie = await login('ana');
    const res = await post('/api/auth/logout', {}, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^portico_session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0$/);
    // Replaying the old cookie (as a thief would) no longer works.
    expect((await fetch(`${base}/api/auth/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('plain HTML form posts sign in and out with redirects, never putting the password in a URL', async () => {
    const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const failed = await form('/api/auth/login', { username: 'ana', password: 'wrong-password' });
    expect(failed.status).toBe(303);
    expect(failed.headers.get('location')).toBe('/login?error=invalid_credentials');
    expect(failed.headers.get('set-cookie')).toBeNull();

    const ok = await form('/api/auth/login', { username: 'ana', password: PASSWORD });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${base}/api/auth/session`, { headers: { cookie } })).status).toBe(200);

    const out = await form('/api/auth/logout', {}, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login');
    expect((await fetch(`${base}/api/auth/session`, { headers: { cookie } })).status).toBe(401);

    // A cross-site form cannot sign anyone in (login CSRF).
    const foreign = await form('/api/auth/login', { username: 'ana', password: PASSWORD }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('a created token works as a bearer token, is listed without its secret, and can be revoked', async () => {
    const cookie = await login('ana');
    const res = await post('/api/auth/tokens', { name: 'kubectl' }, { cookie });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { token: string; name: string; id: string };
    expect(created.name).toBe('kubectl');
    expect(created.token).toMatch(/^portico_/);
    const bearer = { authorization: `Bearer ${created.token}` };
    const session = await fetch(`${base}/api/auth/session`, { headers: bearer });
    expect(await session.json()).toEqual({ user: { username: 'ana', groups: ['portico:demo', 'system:authenticated'] } });
    expect(auth.authenticator.authenticate(fakeReq(bearer))).toMatchObject({ kind: 'authenticated', via: 'token' });
    const list = (await (await fetch(`${base}/api/auth/tokens`, { headers: { cookie } })).json()) as { tokens: Array<Record<string, unknown>> };
    expect(list.tokens.map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(created.token);
    // Bearer requests are exempt from the Origin check (no cookie is involved).
    const revoke = await fetch(`${base}/api/auth/tokens/${created.id}`, { method: 'DELETE', headers: { ...bearer, origin: 'https://evil.example' } });
    expect(revoke.status).toBe(200);
    const after = await fetch(`${base}/api/auth/session`, { headers: bearer });
    expect(after.status).toBe(401);
  });

  it('tokens need a signed-in local user', async () => {
    expect((await post('/api/auth/tokens', { name: 'x' })).status).toBe(401);
    const admin = await post('/api/auth/tokens', { name: 'x' }, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(admin.status).toBe(403);
  });

  it('accepts the admin token as portico-admin in system:masters', async () => {
    const res = await fetch(`${base}/api/auth/session`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await res.json()).toEqual({ user: { username: 'portico-admin', groups: ['system:masters', 'system:authenticated'] } });
    expect(auth.authorizer.authorize({ user: { username: 'portico-admin', groups: [] }, verb: 'delete', resource: 'secrets', namespace: 'x' }).allowed).toBe(true);
    const wrong = await fetch(`${base}/api/auth/session`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(`${base}/api/auth/session`, { headers: { authorization: 'Basic YW5hOnB3' } });
    expect(basic.status).toBe(401);
  });

  describe('CSRF', () => {
    it.each([
      ['a foreign Origin', { origin: 'https://evil.example' }],
      ['Origin: null', { origin: 'null' }],
      ['no Origin', { origin: '' }],
      ['another port', { origin: 'http://127.0.0.1:1' }],
    ])('refuses a cookie-authenticated POST with %s', async (_name, headers) => {
      const cookie = await login('ana');
      const clean = Object.fromEntries(Object.entries({ ...headers, cookie }).filter(([, v]) => v !== ''));
      const res = await fetch(`${base}/api/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...clean },
        body: JSON.stringify({ name: 'csrf' }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_rejected');
      expect((await fetch(`${base}/api/auth/tokens`, { headers: { cookie } })).status).toBe(200);
    });

    it('accepts Sec-Fetch-Site: same-origin without Origin', async () => {
      const cookie = await login('ana');
      const res = await fetch(`${base}/api/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'sec-fetch-site': 'same-origin' },
        body: '{}',
      });
      expect(res.status).toBe(200);
    });

    it('refuses a cross-site login (login CSRF)', async () => {
      const res = await post('/api/auth/login', { username: 'ana', password: PASSWORD }, { origin: 'https://evil.example' });
      expect(res.status).toBe(403);
    });
  });

  describe('malformed requests', () => {
    it.each([
      ['malformed JSON', '{"username": "ana",', 400, 'invalid_json'],
      ['empty body', '', 400, 'invalid_json'],
      ['missing password', { username: 'ana' }, 400, 'invalid_request'],
      ['wrong types', { username: 1, password: [] }, 400, 'invalid_request'],
      ['a JSON array', [], 400, 'invalid_request'],
    ])('%s -> %i', async (_name, body, status, code) => {
      const res = await post('/api/auth/login', body);
      expect(res.status).toBe(status);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe(code);
      expect(json.error.message.length).toBeGreaterThan(10);
    });

    it('caps the body at 16 KiB', async () => {
      const res = await post('/api/auth/login', { username: 'ana', password: 'x'.repeat(17 * 1024) });
      expect(res.status).toBe(413);
    });

    it('needs application/json', async () => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain', origin }, body: JSON.stringify({ username: 'ana', password: PASSWORD }) });
      expect(res.status).toBe(415);
    });

    it('wrong method -> 405 with Allow; unknown path -> 404; other paths are not handled', async () => {
      const res = await fetch(`${base}/api/auth/login`);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect((await fetch(`${base}/api/auth/nope`)).status).toBe(404);
      expect((await fetch(`${base}/api/other`)).status).toBe(418);
      expect((await fetch(`${base}/api/authority`)).status).toBe(418);
    });
  });

  it('logs every sign-in decision without passwords, tokens or session ids', async () => {
    const lines = log.lines();
    const logins = lines.filter((l) => l.event === 'login');
    expect(logins.some((l) => l.result === 'succeeded' && l.user === 'ana')).toBe(true);
    expect(logins.some((l) => l.result === 'failed' && l.user === 'chihiro')).toBe(true);
    expect(logins.some((l) => l.result === 'throttled' && l.user === 'limited')).toBe(true);
    expect(lines.some((l) => l.event === 'authentication' && l.result === 'rejected')).toBe(true);
    const text = log.text();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ADMIN_TOKEN);
    expect(text).not.toMatch(/portico_[A-Za-z0-9_-]{43}/);
  });
});

function fakeReq(headers: Record<string, string>) {
  return { headers, socket: {} } as unknown as IncomingMessage;
}
