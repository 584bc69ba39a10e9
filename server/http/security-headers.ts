import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers every response carries (ASVS V14.4): no sniffing, no framing, no referrer leaks. */
const SECURITY_HEADERS: ReadonlyArray<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'same-origin'],
  ['Content-Security-Policy', "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"],
];

/**
 * Headers a browser or an outside client must never be able to set on a request to us:
 * `x-middleware-subrequest` skipped Next.js middleware (CVE-2025-29927), and the
 * `Impersonate-*` family is for the control plane's own use against a real cluster.
 */
function isUntrustedInternalHeader(name: string): boolean {
  return name === 'x-middleware-subrequest' || name.startsWith('impersonate-');
}

export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  for (const name of Object.keys(req.headers)) {
    if (isUntrustedInternalHeader(name)) delete req.headers[name];
  }
}
