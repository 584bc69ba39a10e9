import { type IrBackendProtocol, type IrEndpoint, serviceTargetName } from '@/lib/ir/backend';
import { type IrFilter } from '@/lib/ir/filters';
import { type IrBackend, type IrRule } from '@/lib/ir/route';
import { WeightedChoice } from '@/lib/routing/pick-backend';
import { checkRewriteHostname, compileHeaderEdit, type HeaderEdit, InvalidHeaderConfigError } from '@/server/proxy/header-edits';
import { compileCors, type CompiledCors } from '@/server/proxy/cors';
import { type CompiledMirror } from '@/server/proxy/mirror-request';
import { backendSeriesName, type CounterSeries, type HistogramSeries, type ProxyStats } from '@/server/proxy/proxy-stats';
import { type RedirectFilter } from '@/server/proxy/redirect-location';
import { type CompiledEndpoint, type UpstreamPools } from '@/server/proxy/upstream-pools';

export type RewriteFilter = Extract<IrFilter, { type: 'URLRewrite' }>;

export type { CompiledEndpoint } from '@/server/proxy/upstream-pools';

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

/**
 * A backendRef of a compiled rule. Its request counter is looked up on its first request (most
 * of 10,000 rules never see one) and kept: after that, the request path reads a field.
 */
export class CompiledBackend {
  // Fields in the order the request path reads them, declared (not constructor parameters) so
  // that the object's layout follows it: with many rules this object is usually not in the CPU
  // cache when a request comes, and what the request reads then spans as few cache lines as it can.
  readonly valid: boolean;
  readonly filters: CompiledFilters;
  /** Empty for invalid backends and for services without ready endpoints. */
  readonly endpoints: readonly CompiledEndpoint[];
  private ownCounter: CounterSeries | undefined = undefined;
  /** Round-robin position among the endpoints. */
  next = 0;
  /** How the proxy speaks to it: `h2c` over HTTP/2 cleartext, the rest HTTP/1.1. */
  readonly protocol: IrBackendProtocol;
  private readonly rule: CompiledRule;
  private readonly source: IrBackend;

  constructor(rule: CompiledRule, source: IrBackend, protocol: IrBackendProtocol, endpoints: readonly CompiledEndpoint[], valid: boolean, filters: CompiledFilters) {
    this.valid = valid;
    this.filters = filters;
    this.endpoints = endpoints;
    this.protocol = protocol;
    this.rule = rule;
    this.source = source;
  }

  /** `namespace/name:port`, or `invalid` for an unresolved backendRef (built when asked: the IR has it). */
  get name(): string {
    return backendSeriesName(this.source);
  }

  get weight(): number {
    return this.source.weight;
  }

  get counter(): CounterSeries {
    return (this.ownCounter ??= this.rule.stats.counter(this.rule.listener, this.rule.id, this.name));
  }
}

/**
 * A rule compiled for one listener. One object per rule with no closures: the backend choice is
 * the only backend itself for the usual single-backend rule (a WeightedChoice otherwise), and the
 * counter and histogram are found on the rule's first request (see ProxyStats) and kept. (A
 * compiled rule that left the config for longer than RETAIN_MS would count into a dropped series
 * if it were served again; the compile cache can only serve it again for the very same IrRule
 * object, which the proxy process never sees twice across a gap: every snapshot or delta that
 * re-adds a rule is parsed afresh.)
 */
export class CompiledRule {
  // Fields in the order the request path reads them (see CompiledBackend).
  private readonly choice: CompiledBackend | WeightedChoice<CompiledBackend> | null;
  readonly filters: CompiledFilters;
  private ownLatency: HistogramSeries | undefined = undefined;
  readonly stats: ProxyStats;
  /** Response-header deadline in ms for one upstream attempt; 0 = none. */
  readonly backendTimeoutMs: number;
  /** Deadline for the whole transaction in ms; 0 = none. */
  readonly requestTimeoutMs: number;
  /** Whether the rule sets a timeout; without, the backend deadline is DEFAULT_BACKEND_TIMEOUT_MS. */
  readonly explicitTimeouts: boolean;
  readonly id: string;
  /** `address:port` of every endpoint it may send to (backends and mirrors), for pool upkeep. */
  readonly endpointKeys: readonly string[];
  private ownCounter: CounterSeries | undefined = undefined;
  /** The listener it was compiled for (its counters carry the listener's name). */
  readonly listener: string;

  constructor(listener: string, rule: IrRule, pools: UpstreamPools, stats: ProxyStats) {
    this.listener = listener;
    this.stats = stats;
    this.id = rule.id;
    const backends = rule.backends.map((b) => compileBackend(this, b, pools));
    this.choice = WeightedChoice.compile(backends, (b) => b.weight);
    const timeouts = rule.timeouts;
    this.requestTimeoutMs = timeouts?.requestMs ?? 0;
    this.backendTimeoutMs = timeouts?.backendRequestMs ?? (this.requestTimeoutMs === 0 && timeouts?.requestMs === undefined ? DEFAULT_BACKEND_TIMEOUT_MS : 0);
    this.explicitTimeouts = timeouts?.requestMs !== undefined || timeouts?.backendRequestMs !== undefined;
    this.filters = compileFilters(rule.filters, pools);
    this.endpointKeys = endpointKeys(this.filters, backends);
  }

  /** Weighted choice; null when no backend can take traffic (answer 500). */
  pick(random: number): CompiledBackend | null {
    const choice = this.choice;
    return choice instanceof WeightedChoice ? choice.pick(random) : choice;
  }

  /** Counts requests the rule answers itself (redirects, 500s before a backend is picked). */
  get counter(): CounterSeries {
    return (this.ownCounter ??= this.stats.counter(this.listener, this.id, ''));
  }

  get latency(): HistogramSeries {
    return (this.ownLatency ??= this.stats.histogram(this.id));
  }
}

/** Used when a rule sets no timeout: the upstream must produce response headers within a minute. */
export const DEFAULT_BACKEND_TIMEOUT_MS = 60_000;

export function compileRule(listener: string, rule: IrRule, pools: UpstreamPools, stats: ProxyStats): CompiledRule {
  return new CompiledRule(listener, rule, pools, stats);
}

/** Distinct endpoint keys of the backends and mirrors; a rule sending to one endpoint shares that endpoint's list. */
function endpointKeys(filters: CompiledFilters, backends: readonly CompiledBackend[]): readonly string[] {
  const keys = new Set<string>();
  let first: CompiledEndpoint | undefined;
  const add = (endpoints: readonly CompiledEndpoint[]) => {
    for (const e of endpoints) {
      first ??= e;
      keys.add(e.key);
    }
  };
  const mirrors = (f: CompiledFilters) => {
    for (const m of f.mirrors) add(m.endpoints);
  };
  mirrors(filters);
  for (const backend of backends) {
    add(backend.endpoints);
    mirrors(backend.filters);
  }
  if (first === undefined) return NO_KEYS;
  return keys.size === 1 ? first.keyList : [...keys];
}

const NO_KEYS: readonly string[] = Object.freeze([]);

function compileBackend(rule: CompiledRule, backend: IrBackend, pools: UpstreamPools): CompiledBackend {
  if (backend.kind === 'invalid') return new CompiledBackend(rule, backend, 'http', NO_ENDPOINTS, false, NO_FILTERS);
  return new CompiledBackend(rule, backend, backend.protocol, compileEndpoints(backend.endpoints, backend.protocol, pools), true, compileFilters(backend.filters, pools));
}

const NO_ENDPOINTS: readonly CompiledEndpoint[] = Object.freeze([]);

/** Shared endpoint objects (and, for one endpoint, a shared list): see UpstreamPools.endpointFor. */
function compileEndpoints(endpoints: readonly IrEndpoint[], protocol: IrBackendProtocol, pools: UpstreamPools): readonly CompiledEndpoint[] {
  if (endpoints.length === 0) return NO_ENDPOINTS;
  if (endpoints.length === 1) {
    const e = endpoints[0] as IrEndpoint;
    return pools.endpointFor(e.address, e.port, protocol).asList;
  }
  return endpoints.map((e) => pools.endpointFor(e.address, e.port, protocol));
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
          checkRewriteHostname(filter.hostname);
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
