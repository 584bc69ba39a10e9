import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '@/server/auth/session-cookie';

function req(cookie: string | undefined, encrypted = false): IncomingMessage {
  return { headers: cookie === undefined ? {} : { cookie }, socket: { encrypted } } as unknown as IncomingMessage;
}

describe('session cookie', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['portico_session=abc', 'abc'],
    ['theme=dark; portico_session=abc; other=1', 'abc'],
    ['xportico_session=abc', undefined],
    ['portico_session=', undefined],
    ['portico_session_old=zzz;portico_session=abc', 'abc'],
  ])('reads %j as %j', (header, expected) => {
    expect(readSessionCookie(req(header))).toBe(expected);
  });

  it('is HttpOnly, SameSite=Lax, Path=/ and Secure only over TLS', () => {
    expect(sessionCookie(req(undefined), 'id')).toBe('portico_session=id; HttpOnly; SameSite=Lax; Path=/; Max-Age=43200');
    expect(sessionCookie(req(undefined, true), 'id')).toBe('portico_session=id; HttpOnly; SameSite=Lax; Path=/; Max-Age=43200; Secure');
    expect(clearedSessionCookie(req(undefined, true))).toBe('portico_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure');
  });
});
