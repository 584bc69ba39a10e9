import type { IncomingMessage } from 'node:http';
import type { AuthenticationResult } from '@/server/auth/types';

export type CsrfCheck = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for cookie-authenticated requests (ASVS 4.2.2): a mutating
 * request must come from this origin, shown by `Sec-Fetch-Site: same-origin` or an `Origin`
 * whose host equals the request's `Host`. `Origin: null` (sandboxed frames, some redirects) is
 * cross-origin. Bearer-token requests are exempt: a browser never attaches that header on its
 * own. Requests without a valid session (sign-in) are checked too, so a foreign page cannot
 * sign a visitor into another account (login CSRF); for them a request with neither `Origin`
 * nor `Sec-Fetch-Site` passes, because browsers send `Origin` on every cross-origin POST and
 * scripts (curl, kubectl helpers) send neither.
 *
 * Proxies that rewrite `Host` are not trusted here (no X-Forwarded-Host): put Portico behind a
 * proxy that preserves Host.
 */
export function checkCsrf(req: IncomingMessage, authentication?: AuthenticationResult): CsrfCheck {
  if (SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return { ok: true };
  if (authentication?.kind === 'authenticated' && authentication.via !== 'session') return { ok: true };
  if (header(req, 'sec-fetch-site') === 'same-origin') return { ok: true };
  const origin = header(req, 'origin');
  const withSession = authentication?.kind === 'authenticated';
  if (origin === undefined && !withSession && header(req, 'sec-fetch-site') === undefined) return { ok: true };
  if (origin === undefined) {
    return { ok: false, reason: 'cross-site request refused: a cookie-authenticated request must send an Origin header' };
  }
  const host = header(req, 'host');
  const originHost = hostOf(origin);
  if (originHost === undefined || host === undefined || originHost !== hostOf(`${schemeOf(origin)}//${host}`)) {
    return { ok: false, reason: `cross-site request refused: Origin ${JSON.stringify(origin.slice(0, 200))} does not match this server` };
  }
  return { ok: true };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The normalised host[:port] of an absolute http(s) URL, or undefined (`null` and junk). */
function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.host;
  } catch {
    return undefined;
  }
}

/** Host headers carry no scheme; borrow the Origin's so default ports normalise alike. */
function schemeOf(origin: string): string {
  return origin.toLowerCase().startsWith('https:') ? 'https:' : 'http:';
}
