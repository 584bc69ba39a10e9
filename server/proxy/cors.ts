import { type OutgoingHttpHeaders } from 'node:http';
import { type IrFilter } from '@/lib/ir/filters';

type CorsFilter = Extract<IrFilter, { type: 'CORS' }>;

/**
 * A CORS filter compiled once (SEMANTICS 5.7). Answers always echo the request's values
 * (origin, requested method, requested headers) where the config says `*`: valid with and
 * without credentials, so one rule covers both.
 */
export interface CompiledCors {
  /** Headers for a preflight from `origin`, or null when the origin is not allowed. */
  preflight(origin: string, requestMethod: string, requestHeaders: string | undefined): OutgoingHttpHeaders | null;
  /** Headers added to an actual response for `origin`, or null when not allowed. */
  actual(origin: string): OutgoingHttpHeaders | null;
}

interface OriginPattern {
  scheme: string;
  /** Exact host, or the suffix (with its leading dot) after a `*`. */
  host: string;
  wildcard: boolean;
  port: string;
}

const ORIGIN = /^(https?):\/\/([^/:]+)(?::(\d+))?$/i;

function parseOrigin(value: string): OriginPattern | null {
  const m = ORIGIN.exec(value);
  if (!m) return null;
  const scheme = (m[1] as string).toLowerCase();
  const host = (m[2] as string).toLowerCase();
  const port = m[3] ?? (scheme === 'https' ? '443' : '80');
  return host.startsWith('*') ? { scheme, host: host.slice(1), wildcard: true, port } : { scheme, host, wildcard: false, port };
}

export function compileCors(filter: CorsFilter): CompiledCors {
  const anyOrigin = filter.allowOrigins.includes('*');
  const patterns = filter.allowOrigins.map(parseOrigin).filter((p): p is OriginPattern => p !== null);
  const anyMethod = filter.allowMethods.includes('*');
  const anyHeader = filter.allowHeaders.includes('*');
  const methods = filter.allowMethods.join(', ');
  const headers = filter.allowHeaders.join(', ');
  const expose = filter.exposeHeaders.includes('*') ? (filter.allowCredentials ? '' : '*') : filter.exposeHeaders.join(', ');
  const maxAge = String(filter.maxAge);

  const allowed = (origin: string): boolean => {
    if (anyOrigin) return ORIGIN.test(origin);
    const o = parseOrigin(origin);
    if (o === null || o.wildcard) return false;
    return patterns.some((p) => p.scheme === o.scheme && p.port === o.port && (p.wildcard ? o.host.endsWith(p.host) && o.host.length > p.host.length : p.host === o.host));
  };
  const common = (origin: string): OutgoingHttpHeaders => {
    const out: OutgoingHttpHeaders = { 'access-control-allow-origin': origin, vary: 'Origin' };
    if (filter.allowCredentials) out['access-control-allow-credentials'] = 'true';
    if (expose !== '') out['access-control-expose-headers'] = expose;
    return out;
  };
  return {
    preflight(origin, requestMethod, requestHeaders) {
      if (!allowed(origin)) return null;
      const out = common(origin);
      const allowMethods = anyMethod ? requestMethod : methods;
      if (allowMethods !== '') out['access-control-allow-methods'] = allowMethods;
      const allowHeaders = anyHeader ? requestHeaders : headers;
      if (allowHeaders !== undefined && allowHeaders !== '') out['access-control-allow-headers'] = allowHeaders;
      out['access-control-max-age'] = maxAge;
      return out;
    },
    actual(origin) {
      return allowed(origin) ? common(origin) : null;
    },
  };
}
