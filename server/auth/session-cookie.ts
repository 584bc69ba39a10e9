import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '@/server/auth/session-store';

export const SESSION_COOKIE = 'portico_session';

/** The session id from the Cookie header, if one was sent. */
export function readSessionCookie(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Lax, Path=/, Secure over TLS. */
export function sessionCookie(req: IncomingMessage, id: string): string {
  return [`${SESSION_COOKIE}=${id}`, 'HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${SESSION_ABSOLUTE_TIMEOUT_MS / 1000}`, ...secure(req)].join('; ');
}

/** Set-Cookie that removes the session cookie. */
export function clearedSessionCookie(req: IncomingMessage): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0', ...secure(req)].join('; ');
}

function secure(req: IncomingMessage): string[] {
  return (req.socket as Partial<TLSSocket>).encrypted ? ['Secure'] : [];
}
