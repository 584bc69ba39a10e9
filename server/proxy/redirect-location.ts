import { type IrFilter } from '@/lib/ir/filters';
import { modifyPath } from '@/server/proxy/rewrite-path';

export type RedirectFilter = Extract<IrFilter, { type: 'RequestRedirect' }>;

export interface RedirectRequest {
  /** The scheme the request arrived with (the listener protocol). */
  scheme: 'http' | 'https';
  /** The request host, lower-case, port removed. */
  host: string;
  /** The Gateway listener port (before the proxy's port offset). */
  listenerPort: number;
  /** The normalised request path. */
  path: string;
  /** The raw query string without `?`, kept as sent (SEMANTICS 5.4 recommendation). */
  query: string;
  /** The PathPrefix value of the matched route entry. */
  matchedPrefix: string;
}

/**
 * The `Location` of a RequestRedirect (SEMANTICS 5.4): port set wins; else the scheme's
 * well-known port when the scheme is set; else the listener port; the port is left out when it
 * is the effective scheme's default.
 */
export function redirectLocation(filter: RedirectFilter, req: RedirectRequest): string {
  const scheme = filter.scheme ?? req.scheme;
  const host = filter.hostname ?? req.host;
  const port = filter.port ?? (filter.scheme !== undefined ? defaultPort(filter.scheme) : req.listenerPort);
  const portPart = port === defaultPort(scheme) ? '' : `:${port}`;
  const path = filter.path ? modifyPath(filter.path, req.path, req.matchedPrefix) : req.path;
  const query = req.query === '' ? '' : `?${req.query}`;
  return `${scheme}://${host}${portPart}${path}${query}`;
}

function defaultPort(scheme: 'http' | 'https'): number {
  return scheme === 'https' ? 443 : 80;
}
