import { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { type TLSSocket } from 'node:tls';
import { normalizeRequestHost } from '@/lib/routing/hostnames';
import { normalizeRequestPath } from '@/lib/routing/normalize-path';
import { type QueryLike } from '@/lib/routing/request';
import { isRouteMiss, missStatus, type RouteQuery, selectRoute, selectTarget } from '@/lib/routing/select-route';
import { type ActiveConfig } from '@/server/proxy/compile-config';
import { type CompiledBackend, type CompiledFilters, type CompiledRule } from '@/server/proxy/compile-rule';
import { type ForwardPlan } from '@/server/proxy/forward-request';
import { isGrpcContentType } from '@/server/proxy/grpc-status';
import { type HeaderEdit } from '@/server/proxy/header-edits';
import { endToEndRequestHeaders } from '@/server/proxy/hop-by-hop';
import { isNamed } from '@/server/proxy/http1/header-names';
import { type DownstreamRequest } from '@/server/proxy/proxy-response';
import { countStatus, type CounterSeries } from '@/server/proxy/proxy-stats';
import { redirectLocation } from '@/server/proxy/redirect-location';
import { nextRequestId } from '@/server/proxy/request-id';
import { modifyPath } from '@/server/proxy/rewrite-path';

/** What a listener socket knows about itself. */
export interface ListenerPortContext {
  /** The address the socket is bound to (an IrListener address). */
  readonly address: string;
  /** The Gateway listener port (before the port offset). */
  readonly port: number;
  /** socketKey(address, port): the route table's key for this socket. */
  readonly socketKey: string;
  readonly scheme: 'http' | 'https';
  /** The config requests start on; read once per request. */
  readonly activeConfig: () => ActiveConfig | undefined;
}

/** What to do with a request: answer it here, answer a CORS preflight, or forward it. */
export type RequestPlan =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly edits?: readonly HeaderEdit[]; readonly location?: string }
  | { readonly kind: 'preflight'; readonly headers: OutgoingHttpHeaders | null }
  | {
      readonly kind: 'forward';
      /** Headers are the rule-filtered request; backend-level filters are still to apply (after mirrors). */
      readonly forward: ForwardPlan;
      readonly ruleFilters: CompiledFilters;
    };

/**
 * Routing and the rule's decisions for one request (shared by plain requests and upgrades):
 * reject what must not be routed, route on the normalised path, apply CORS preflight,
 * redirect, rewrite and request-header filters, pick a backend by weight and an endpoint.
 * Counts the requests it answers itself. Allocates little, logs nothing, never throws.
 */
export function planRequest(req: DownstreamRequest, ctx: ListenerPortContext, startedAt: number): RequestPlan {
  const config = ctx.activeConfig();
  if (config === undefined) return answer(503, 'no routing configuration yet\n');
  if (hasInvalidHeaderNames(req.rawHeaders)) return answer(400, 'duplicate Host or Content-Length header, or a header name with "_"\n');
  const url = req.url ?? '';
  // Origin-form only: absolute-form, authority-form and `*` are not routable here; a backslash
  // is a path separator to some backends and not to us (API-AND-VALIDATION c.2b).
  if (url.charCodeAt(0) !== 0x2f || url.includes('\\')) return answer(400, 'invalid request target\n');
  const q = url.indexOf('?');
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  const path = normalizeRequestPath(q === -1 ? url : url.slice(0, q));
  const headers = req.headers;
  // HTTP/2 names the host in `:authority` (RFC 9113 8.3.1: it wins over a Host header).
  const h2 = req.httpVersionMajor === 2;
  const hostHeader = (h2 ? (headers[':authority'] as string | undefined) : undefined) ?? headers.host ?? '';
  const method = req.method ?? 'GET';

  const sniHost = ctx.scheme === 'https' ? ((req.socket as TLSSocket).servername || undefined) : undefined;
  const query = new IncomingRouteQuery(ctx, hostHeader, sniHost, method, path, headers, rawQuery);
  const rule = selectTarget(config.table, query);
  if (isRouteMiss(rule)) {
    const status = missStatus(rule);
    countStatus(config.missCounters.get(rule.listenerName ?? '') ?? (config.missCounters.get('') as CounterSeries), status);
    return answer(status, status === 421 ? 'misdirected request\n' : 'no route matches this request\n');
  }
  const filters = rule.filters;
  if (filters.failure !== undefined) {
    record(rule.counter, rule, startedAt, 500);
    return answer(500, 'route rule has an invalid filter\n', filters.responseEdits);
  }
  const origin = headers.origin;
  let corsHeaders: OutgoingHttpHeaders | null = null;
  if (filters.cors !== undefined && origin !== undefined) {
    const requestMethod = headers['access-control-request-method'];
    if (method === 'OPTIONS' && requestMethod !== undefined) {
      // A preflight is answered here and never forwarded (SEMANTICS 5.7).
      const allowed = filters.cors.preflight(origin, requestMethod, headers['access-control-request-headers']);
      record(rule.counter, rule, startedAt, 204);
      return { kind: 'preflight', headers: allowed };
    }
    corsHeaders = filters.cors.actual(origin);
  }
  if (filters.redirect !== undefined) {
    const location = redirectLocation(filters.redirect, { scheme: ctx.scheme, host: normalizeRequestHost(hostHeader), listenerPort: ctx.port, path, query: rawQuery, matchedPrefix: matchedPrefix(config, query) });
    record(rule.counter, rule, startedAt, filters.redirect.statusCode);
    return { kind: 'answer', status: filters.redirect.statusCode, body: '', edits: filters.responseEdits, location };
  }

  const backend = rule.pick(Math.random());
  if (backend === null || !backend.valid) {
    record(backend?.counter ?? rule.counter, rule, startedAt, 500);
    return answer(500, 'backend is not valid\n', filters.responseEdits);
  }
  if (backend.filters.failure !== undefined) {
    record(backend.counter, rule, startedAt, 500);
    return answer(500, 'backend has an invalid filter\n', filters.responseEdits);
  }
  const endpoint = nextEndpoint(backend);
  if (endpoint === undefined) {
    record(backend.counter, rule, startedAt, 503);
    return answer(503, 'backend has no endpoints\n', filters.responseEdits);
  }

  const out = endToEndRequestHeaders(headers);
  // An HTTP/1.1 upstream needs a Host; an HTTP/2 one gets it back as `:authority`.
  if (h2) out.host = hostHeader;
  let target = path;
  const rewrite = backend.filters.rewrite ?? filters.rewrite;
  if (rewrite !== undefined) {
    if (rewrite.hostname !== undefined) out.host = rewrite.hostname;
    if (rewrite.path !== undefined) target = modifyPath(rewrite.path, path, matchedPrefix(config, query));
  }
  for (const edit of filters.requestEdits) edit(out);
  out['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  out['x-forwarded-proto'] = ctx.scheme;
  out['x-forwarded-host'] = hostHeader;
  out['x-request-id'] = nextRequestId();
  const length = headers['content-length'];
  // HTTP/2 frames bodies itself: a body exists unless the HEADERS frame ended the stream.
  const chunked = h2 ? length === undefined && !(req as { stream: { endAfterHeaders: boolean } }).stream.endAfterHeaders : headers['transfer-encoding'] !== undefined;
  // Fresh framing: the parsed length, or chunked (node:http encodes), never the client's bytes.
  if (chunked) out['transfer-encoding'] = 'chunked';
  else if (length !== undefined) out['content-length'] = length;
  const hasBody = chunked || (length !== undefined && length !== '0');
  const te = headers.te;
  const fullTarget = rawQuery === '' ? target : `${target}?${rawQuery}`;
  return {
    kind: 'forward',
    ruleFilters: filters,
    forward: {
      rule,
      backend,
      endpoint,
      method,
      target: fullTarget,
      headers: out,
      hasBody,
      corsHeaders,
      startedAt,
      grpc: isGrpcContentType(headers['content-type']),
      trailers: te !== undefined && te.includes('trailers'),
      onStatus: recordForwarded,
    },
  };
}

/**
 * The path prefix the route matched, for prefix redirects and rewrites. selectTarget gives the
 * rule, not the route entry (with many routes every object a request touches is likely a cache
 * miss), so the few requests that need the entry select again: same table, same query, same hit.
 */
function matchedPrefix(config: ActiveConfig, query: IncomingRouteQuery): string {
  const hit = selectRoute(config.table, query);
  return !isRouteMiss(hit) && hit.route.kind === 'HTTPRoute' ? hit.route.match.path.value : '/';
}

/** Counts a request the rule answered (or forwarded) and observes its latency so far. */
function record(counter: CounterSeries, rule: CompiledRule, startedAt: number, status: number): void {
  rule.stats.record(counter, rule.latency, status, performance.now() - startedAt);
}

/** ForwardPlan.onStatus: one shared function (`this` is the plan), not a closure per request. */
function recordForwarded(this: ForwardPlan, status: number): void {
  record(this.backend.counter, this.rule, this.startedAt, status);
}

function answer(status: number, body: string, edits?: readonly HeaderEdit[]): RequestPlan {
  return edits === undefined ? { kind: 'answer', status, body } : { kind: 'answer', status, body, edits };
}

function nextEndpoint(backend: CompiledBackend): CompiledBackend['endpoints'][number] | undefined {
  const n = backend.endpoints.length;
  if (n === 0) return undefined;
  if (n === 1) return backend.endpoints[0];
  backend.next = (backend.next + 1) % n;
  return backend.endpoints[backend.next];
}

/**
 * The request as selectRoute sees it: one object per request (not a literal of closures), the
 * headers read by name and the query string parsed only if a query match asks for it.
 */
class IncomingRouteQuery implements RouteQuery, QueryLike {
  readonly listenerAddress: string;
  readonly listenerPort: number;
  readonly socketKey: string;
  readonly query: QueryLike = this;
  private params: URLSearchParams | undefined;

  constructor(
    ctx: ListenerPortContext,
    readonly host: string,
    readonly sniHost: string | undefined,
    readonly method: string,
    readonly path: string,
    private readonly incoming: IncomingHttpHeaders,
    private readonly rawQuery: string,
  ) {
    this.listenerAddress = ctx.address;
    this.listenerPort = ctx.port;
    this.socketKey = ctx.socketKey;
  }

  /**
   * Node joins repeated headers with `, ` except set-cookie (an array): the matchers want one
   * string. typeof, because a match on a name like `constructor` would find what every object
   * inherits.
   */
  headers(name: string): string | undefined {
    const value = this.incoming[name];
    if (typeof value === 'string') return value;
    return Array.isArray(value) ? value.join(', ') : undefined;
  }

  get(name: string): string | null {
    if (this.rawQuery === '') return null;
    return (this.params ??= new URLSearchParams(this.rawQuery)).get(name);
  }
}

/**
 * node:http keeps the first of several Host headers and rejects only conflicting
 * Content-Lengths; two of either is ambiguous framing or routing, so refuse it. A `_` in a
 * name is refused too: some backends fold it to `-`, which lets a client smuggle a header the
 * proxy thinks it controls, such as x_forwarded_for (API-AND-VALIDATION c.2b).
 */
function hasInvalidHeaderNames(raw: readonly string[]): boolean {
  let host = 0;
  let length = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.includes('_')) return true;
    if (isNamed(name, 'host')) host++;
    else if (isNamed(name, 'content-length')) length++;
  }
  return host > 1 || length > 1;
}

