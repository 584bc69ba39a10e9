import { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { isNamed } from '@/server/proxy/http1/header-names';

/**
 * Headers that describe one connection, not the message (RFC 9110 7.6.1), plus the framing
 * headers: the proxy never copies them across, it lets node:http frame each side afresh
 * (request smuggling, API-AND-VALIDATION c.2). Also the trust-boundary headers the proxy
 * overwrites itself (X-Forwarded-*, Forwarded, X-Request-Id), so a client cannot forge them.
 */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'http2-settings',
]);

/** HOP_BY_HOP's names indexed by length, for hopByHopName. */
const HOP_BY_HOP_BY_LENGTH: ReadonlyArray<readonly string[] | undefined> = (() => {
  const byLength: string[][] = [];
  for (const name of HOP_BY_HOP) (byLength[name.length] ??= []).push(name);
  return byLength;
})();

/**
 * The hop-by-hop or framing name (lower case, as listed above) that `name` spells in any case,
 * else undefined: for header lines copied as they came (Http1Response.writeUpstreamHead),
 * without lower-casing each name.
 */
export function hopByHopName(name: string): string | undefined {
  const candidates = HOP_BY_HOP_BY_LENGTH[name.length];
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) if (isNamed(name, candidate)) return candidate;
  return undefined;
}

const TRUST_BOUNDARY: ReadonlySet<string> = new Set(['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-request-id', 'x-middleware-subrequest']);

/** Names a `Connection` header nominates as hop-by-hop, lower-cased; empty when absent. */
function nominated(connection: string | string[] | undefined): readonly string[] {
  if (connection === undefined) return EMPTY;
  const value = Array.isArray(connection) ? connection.join(',') : connection;
  if (namesNoHeader(value)) return EMPTY; // the common case, no allocation
  return value.split(',').map((name) => name.trim().toLowerCase());
}
const EMPTY: readonly string[] = [];

/** A Connection value that names no header to drop besides itself: the common `keep-alive` or `close`, in any case. */
export function namesNoHeader(connection: string): boolean {
  return isNamed(connection, 'keep-alive') || isNamed(connection, 'close');
}

/**
 * The request headers to send upstream: end-to-end headers only, trust-boundary headers dropped.
 * HTTP/2 pseudo-headers (`:authority`, `:path`...) describe this hop's framing: dropped too.
 */
export function endToEndRequestHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || TRUST_BOUNDARY.has(name) || name.charCodeAt(0) === 0x3a) continue;
    out[name] = headers[name];
  }
  for (const name of nominated(headers.connection)) delete out[name];
  return out;
}

/** The response headers (or trailers) to send downstream: end-to-end headers only, no pseudo-headers (framing is node's job). */
export function endToEndResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || name.charCodeAt(0) === 0x3a) continue;
    out[name] = headers[name];
  }
  for (const name of nominated(headers.connection)) delete out[name];
  return out;
}
