import { type Agent } from 'node:http';
import { type IrBackendProtocol, type IrEndpoint, serviceTargetName } from '@/lib/ir/backend';
import { type IrFilter } from '@/lib/ir/filters';
import { type IrBackend, type IrRule } from '@/lib/ir/route';
import { compileBackendPicker } from '@/lib/routing/pick-backend';
import { compileHeaderEdit, type HeaderEdit, InvalidHeaderConfigError } from '@/server/proxy/header-edits';
import { compileCors, type CompiledCors } from '@/server/proxy/cors';
import { type UpstreamPool } from '@/server/proxy/http1/upstream-pool';
import { type CompiledMirror } from '@/server/proxy/mirror-request';
import { type ProxyStats, type LatencyHistogram, type RequestCounter } from '@/server/proxy/proxy-stats';
import { type RedirectFilter } from '@/server/proxy/redirect-location';
import { type H2Upstream, type UpstreamPools } from '@/server/proxy/upstream-pools';

export type RewriteFilter = Extract<IrFilter, { type: 'URLRewrite' }>;

export interface CompiledEndpoint {
  readonly address: string;
  readonly port: number;
  /** node:http keep-alive agent: mirrors. */
  readonly agent: Agent;
  /** Our HTTP/1.1 connection pool: the forwarded requests (less CPU per request than undici or node:http's client). */
  readonly pool: UpstreamPool;
  /** The HTTP/2 session holder, for `h2c` backends only. */
  readonly h2: H2Upstream | undefined;
}

/** The filters of a rule or a backendRef, compiled once into closures and plain data. */
export interface CompiledFilters {
  /** Set when a filter cannot be honoured (an Invalid filter, an unsafe header value): 500. */
  readonly failure: string | undefined;
  readonly redirect: RedirectFilter | undefined;
  readonly rewrite: RewriteFilter | undefined;
  readonly requestEdits: readonly HeaderEdit[];
  readonly responseEdits: readonly HeaderEdit[];
  readonly mirrors: readonly CompiledMirror[];
  readonly cors: CompiledCors | undefined;
}

export interface CompiledBackend {
  /** `namespace/name:port`, or `invalid` for an unresolved backendRef. */
  readonly name: string;
  /** How the proxy speaks to it: `h2c` over HTTP/2 cleartext, the rest HTTP/1.1. */
  readonly protocol: IrBackendProtocol;
  /** Empty for invalid backends and for services without ready endpoints. */
  readonly endpoints: readonly CompiledEndpoint[];
  readonly valid: boolean;
  readonly filters: CompiledFilters;
  readonly counter: RequestCounter;
  /** Round-robin position among the endpoints. */
  next: number;
}

export interface CompiledRule {
  readonly id: string;
  /** The listener it was compiled for (its counters carry the listener's name). */
  readonly listener: string;
  readonly filters: CompiledFilters;
  /** Weighted choice; null when no backend can take traffic (answer 500). */
  readonly pick: (random: number) => CompiledBackend | null;
  /** Counts requests the rule answers itself (redirects, 500s before a backend is picked). */
  readonly counter: RequestCounter;
  readonly latency: LatencyHistogram;
  /** Response-header deadline in ms for one upstream attempt; 0 = none. */
  readonly backendTimeoutMs: number;
  /** Deadline for the whole transaction in ms; 0 = none. */
  readonly requestTimeoutMs: number;
  /** Whether the rule sets a timeout; without, the backend deadline is DEFAULT_BACKEND_TIMEOUT_MS. */
  readonly explicitTimeouts: boolean;
  /** `address:port` of every endpoint it may send to (backends and mirrors), for pool upkeep. */
  readonly endpointKeys: readonly string[];
}

/** Used when a rule sets no timeout: the upstream must produce response headers within a minute. */
export const DEFAULT_BACKEND_TIMEOUT_MS = 60_000;

export function compileRule(listener: string, rule: IrRule, pools: UpstreamPools, stats: ProxyStats): CompiledRule {
  const backends = new Map<IrBackend, CompiledBackend>();
  for (const backend of rule.backends) backends.set(backend, compileBackend(listener, rule.id, backend, pools, stats));
  const picker = compileBackendPicker(rule.backends);
  const requestTimeoutMs = rule.timeouts?.requestMs ?? 0;
  const backendTimeoutMs = rule.timeouts?.backendRequestMs ?? (requestTimeoutMs === 0 && rule.timeouts?.requestMs === undefined ? DEFAULT_BACKEND_TIMEOUT_MS : 0);
  return {
    id: rule.id,
    listener,
    filters: compileFilters(rule.filters, pools),
    pick: (random) => {
      const chosen = picker(random);
      return chosen === null ? null : (backends.get(chosen) ?? null);
    },
    counter: stats.counter(listener, rule.id, ''),
    latency: stats.histogram(rule.id),
    backendTimeoutMs,
    requestTimeoutMs,
    explicitTimeouts: rule.timeouts?.requestMs !== undefined || rule.timeouts?.backendRequestMs !== undefined,
    endpointKeys: endpointKeys(rule),
  };
}

function endpointKeys(rule: IrRule): string[] {
  const keys = new Set<string>();
  const mirrors = (filters: readonly IrFilter[]) => {
    for (const filter of filters) if (filter.type === 'RequestMirror') for (const e of filter.target.endpoints) keys.add(`${e.address}:${e.port}`);
  };
  mirrors(rule.filters);
  for (const backend of rule.backends) {
    if (backend.kind !== 'service') continue;
    for (const e of backend.endpoints) keys.add(`${e.address}:${e.port}`);
    mirrors(backend.filters);
  }
  return [...keys];
}

function compileBackend(listener: string, ruleId: string, backend: IrBackend, pools: UpstreamPools, stats: ProxyStats): CompiledBackend {
  if (backend.kind === 'invalid') {
    return { name: 'invalid', protocol: 'http', endpoints: [], valid: false, filters: NO_FILTERS, counter: stats.counter(listener, ruleId, 'invalid'), next: 0 };
  }
  const name = serviceTargetName(backend);
  return {
    name,
    protocol: backend.protocol,
    endpoints: compileEndpoints(backend.endpoints, backend.protocol, pools),
    valid: true,
    filters: compileFilters(backend.filters, pools),
    counter: stats.counter(listener, ruleId, name),
    next: 0,
  };
}

function compileEndpoints(endpoints: readonly IrEndpoint[], protocol: IrBackendProtocol, pools: UpstreamPools): CompiledEndpoint[] {
  return endpoints.map((e) => ({ address: e.address, port: e.port, agent: pools.agentFor(e.address, e.port), pool: pools.poolFor(e.address, e.port), h2: protocol === 'h2c' ? pools.h2For(e.address, e.port) : undefined }));
}

const NO_FILTERS: CompiledFilters = Object.freeze({ failure: undefined, redirect: undefined, rewrite: undefined, requestEdits: [], responseEdits: [], mirrors: [], cors: undefined });

/**
 * Filters by kind, each list in configured order. The request path applies them in one fixed
 * order (SEMANTICS 5.2 suggestion): CORS preflight, redirect or rewrite, request headers,
 * mirrors, backend pick, backend-level filters, response headers and CORS response headers.
 */
export function compileFilters(filters: readonly IrFilter[], pools: UpstreamPools): CompiledFilters {
  if (filters.length === 0) return NO_FILTERS;
  let failure: string | undefined;
  let redirect: RedirectFilter | undefined;
  let rewrite: RewriteFilter | undefined;
  const requestEdits: HeaderEdit[] = [];
  const responseEdits: HeaderEdit[] = [];
  const mirrors: CompiledMirror[] = [];
  let cors: CompiledCors | undefined;
  for (const filter of filters) {
    try {
      switch (filter.type) {
        case 'RequestHeaderModifier':
          requestEdits.push(compileHeaderEdit(filter));
          break;
        case 'ResponseHeaderModifier':
          responseEdits.push(compileHeaderEdit(filter));
          break;
        case 'RequestRedirect':
          redirect = filter;
          break;
        case 'URLRewrite':
          rewrite = filter;
          break;
        case 'Invalid':
          failure ??= `${filter.reason}: ${filter.message}`;
          break;
        case 'RequestMirror':
          mirrors.push({
            name: serviceTargetName(filter.target),
            endpoints: compileEndpoints(filter.target.endpoints, filter.target.protocol, pools),
            numerator: filter.fraction.numerator,
            denominator: filter.fraction.denominator,
            next: 0,
          });
          break;
        case 'CORS':
          cors = compileCors(filter);
          break;
      }
    } catch (err) {
      if (!(err instanceof InvalidHeaderConfigError)) throw err;
      failure ??= err.message;
    }
  }
  return { failure, redirect, rewrite, requestEdits, responseEdits, mirrors, cors };
}
