import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkCsrf } from '@/server/auth/csrf';
import type { AuthenticationResult } from '@/server/auth/types';

const user = { username: 'ana', groups: ['system:authenticated'] };
const session: AuthenticationResult = { kind: 'authenticated', user, via: 'session' };
const token: AuthenticationResult = { kind: 'authenticated', user, via: 'token' };
const admin: AuthenticationResult = { kind: 'authenticated', user, via: 'admin-token' };
const anonymous: AuthenticationResult = { kind: 'anonymous' };

function req(method: string, headers: Record<string, string>): IncomingMessage {
  return { method, headers: { host: '127.0.0.1:3000', ...headers } } as unknown as IncomingMessage;
}

describe('checkCsrf', () => {
  const cases: Array<[string, IncomingMessage, AuthenticationResult | undefined, boolean]> = [
    ['GET is safe', req('GET', { origin: 'https://evil.example' }), session, true],
    ['HEAD is safe', req('HEAD', {}), session, true],
    ['same-origin Origin', req('POST', { origin: 'http://127.0.0.1:3000' }), session, true],
    ['Origin host case-insensitive', req('POST', { origin: 'http://LOCALHOST:3000', host: 'localhost:3000' }), session, true],
    ['default port elided', req('POST', { origin: 'https://portico.example', host: 'portico.example:443' }), session, true],
    ['Sec-Fetch-Site same-origin', req('DELETE', { 'sec-fetch-site': 'same-origin' }), session, true],
    ['cross-site Origin', req('POST', { origin: 'https://evil.example' }), session, false],
    ['other port is another origin', req('POST', { origin: 'http://127.0.0.1:3001' }), session, false],
    ['Origin null', req('POST', { origin: 'null' }), session, false],
    ['no Origin with a session', req('PUT', {}), session, false],
    ['Sec-Fetch-Site same-site is not enough', req('POST', { 'sec-fetch-site': 'same-site' }), session, false],
    ['Sec-Fetch-Site cross-site and no Origin', req('POST', { 'sec-fetch-site': 'cross-site' }), anonymous, false],
    ['bearer token exempt', req('POST', { origin: 'https://evil.example' }), token, true],
    ['admin token exempt', req('PATCH', {}), admin, true],
    ['sign-in from a script (no Origin)', req('POST', {}), anonymous, true],
    ['sign-in from a foreign page', req('POST', { origin: 'https://evil.example' }), anonymous, false],
    ['sign-in from a sandboxed frame', req('POST', { origin: 'null' }), anonymous, false],
    ['stale cookie treated like anonymous', req('POST', { origin: 'https://evil.example' }), { kind: 'rejected', reason: 'x' }, false],
    ['non-http Origin', req('POST', { origin: 'file://' }), session, false],
  ];
  it.each(cases)('%s', (_name, request, auth, ok) => {
    expect(checkCsrf(request, auth).ok).toBe(ok);
  });
});
