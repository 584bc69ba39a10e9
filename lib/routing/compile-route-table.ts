import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRoute, type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { compileGrpcMatch } from '@/lib/routing/grpc-match';
import { compileHttpMatch } from '@/lib/routing/http-match';
import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import { type RequestPredicate } from '@/lib/routing/request';

/**
 * A snapshot compiled for lookups: per socket (address and port), listeners by host (exact map, wildcard-suffix
 * map, catch-all); per listener, virtual hosts the same way; per virtual host, precompiled
 * predicates in precedence order. Immutable once built: the proxy swaps whole tables by
 * reference, so in-flight requests finish on the table they started with.
 */

/** What serves a request. Built once per (virtual host, entry) and returned as is: no per-request allocation. */
export interface RouteHit {
  /**
   * The IrListener's name. Not the object: a compiled virtual host (and its hits) is reused by
   * later snapshots whose listener objects differ (see RouteTableCache).
   */
  readonly listenerName: string;
  readonly virtualHost: IrVirtualHost;
  readonly route: IrRoute;
  readonly rule: IrRule;
  /** How the virtual host matched the host. */
  readonly hostMatch: 'exact' | 'wildcard' | 'any';
}

export interface CompiledEntry {
  readonly test: RequestPredicate;
  readonly hit: RouteHit;
}

/** Host -> T lookup with Gateway API specificity: exact, then longest wildcard suffix, then `*`. */
export interface HostIndex<T> {
  readonly exact: ReadonlyMap<string, T>;
  /** Keyed by the suffix after `*.`: `example.com` for `*.example.com`. */
  readonly wildcard: ReadonlyMap<string, T>;
  readonly any: T | undefined;
}

export interface CompiledVirtualHost {
  readonly virtualHost: IrVirtualHost;
  readonly http: readonly CompiledEntry[];
  readonly grpc: readonly CompiledEntry[];
}

export interface CompiledListener {
  readonly listener: IrListener;
  readonly rules: ReadonlyMap<string, IrRule>;
  readonly hosts: HostIndex<CompiledVirtualHost>;
}

/** The listeners served on one socket: one address and one Gateway listener port. */
export interface CompiledSocket {
  readonly address: string;
  readonly port: number;
  readonly listeners: HostIndex<CompiledListener>;
}

export interface RouteTable {
  /** The snapshot version compiled, or '' when built from bare listeners. */
  readonly version: string;
  /** By socketKey(address, port). */
  readonly sockets: ReadonlyMap<string, CompiledSocket>;
}

/** `127.0.0.2:80`: a listener socket by address and Gateway listener port (before any offset). */
export function socketKey(address: string, port: number): string {
  return `${address}:${port}`;
}

/**
 * What successive compiles reuse, by object identity. A snapshot produced by applySnapshotDelta
 * keeps unchanged route and virtual-host objects, so a one-route change at 10,000 routes
 * recompiles one virtual host (its predicates, regexes included), not all of them; only the
 * host maps are rebuilt.
 */
export interface RouteTableCache {
  readonly matchers: WeakMap<IrRoute, RequestPredicate>;
  readonly virtualHosts: WeakMap<IrVirtualHost, CompiledVirtualHost & { readonly listenerName: string }>;
}

export function createRouteTableCache(): RouteTableCache {
  return { matchers: new WeakMap(), virtualHosts: new WeakMap() };
}

/**
 * Compiles a snapshot (or its listeners). Throws RoutingCompileError / RegexSyntaxError for a
 * match the controller should never have emitted, and Error for an entry naming a missing
 * rule: the proxy rejects such a snapshot and keeps its last good table.
 */
export function compileRouteTable(source: RoutingSnapshot | readonly IrListener[], cache?: RouteTableCache): RouteTable {
  const listeners = 'listeners' in source ? source.listeners : source;
  const bySocket = new Map<string, { address: string; port: number; list: CompiledListener[] }>();
  for (const listener of listeners) {
    const compiled = compileListener(listener, cache);
    for (const address of listener.addresses) {
      const key = socketKey(address, listener.port);
      const socket = bySocket.get(key);
      if (socket) socket.list.push(compiled);
      else bySocket.set(key, { address, port: listener.port, list: [compiled] });
    }
  }
  const sockets = new Map<string, CompiledSocket>();
  for (const [key, { address, port, list }] of bySocket) {
    sockets.set(key, { address, port, listeners: buildHostIndex(list, (l) => l.listener.hostname ?? ANY_HOST) });
  }
  return { version: 'version' in source ? source.version : '', sockets };
}

export function compileListener(listener: IrListener, cache?: RouteTableCache): CompiledListener {
  const rules = new Map<string, IrRule>();
  for (const rule of listener.rules) rules.set(rule.id, rule);
  const vhosts = listener.virtualHosts.map((virtualHost) => compileVirtualHost(listener, rules, virtualHost, cache));
  return { listener, rules, hosts: buildHostIndex(vhosts, (v) => v.virtualHost.hostname) };
}

function compileVirtualHost(listener: IrListener, rules: ReadonlyMap<string, IrRule>, virtualHost: IrVirtualHost, cache?: RouteTableCache): CompiledVirtualHost {
  const cached = cache?.virtualHosts.get(virtualHost);
  // The same virtual host object, on the same listener, whose routes still resolve to the very rule objects its hits hold.
  if (cached !== undefined && cached.listenerName === listener.name && sameRules(cached.http, rules) && sameRules(cached.grpc, rules)) return cached;
  const hostMatch = virtualHost.hostname === ANY_HOST ? 'any' : isWildcardHostname(virtualHost.hostname) ? 'wildcard' : 'exact';
  const http: CompiledEntry[] = [];
  const grpc: CompiledEntry[] = [];
  for (const route of virtualHost.routes) {
    const rule = rules.get(route.rule);
    if (!rule) throw new Error(`listener ${listener.name}: route ${route.id} refers to missing rule ${route.rule}`);
    const hit: RouteHit = Object.freeze({ listenerName: listener.name, virtualHost, route, rule, hostMatch });
    let test = cache?.matchers.get(route);
    if (test === undefined) {
      test = route.kind === 'HTTPRoute' ? compileHttpMatch(route.match) : compileGrpcMatch(route.match);
      cache?.matchers.set(route, test);
    }
    (route.kind === 'HTTPRoute' ? http : grpc).push({ test, hit });
  }
  const compiled = { virtualHost, http, grpc, listenerName: listener.name };
  cache?.virtualHosts.set(virtualHost, compiled);
  return compiled;
}

function sameRules(entries: readonly CompiledEntry[], rules: ReadonlyMap<string, IrRule>): boolean {
  for (const { hit } of entries) if (rules.get(hit.route.rule) !== hit.rule) return false;
  return true;
}

/**
 * Builds a HostIndex; when two items claim one hostname (compared lower-case), the first in
 * `items` order wins. Lookups go by map, so the items need no sorting: specificity is the
 * lookup order (exact, then longest wildcard suffix, then `*`).
 */
export function buildHostIndex<T>(items: readonly T[], hostnameOf: (item: T) => string): HostIndex<T> {
  const exact = new Map<string, T>();
  const wildcard = new Map<string, T>();
  let any: T | undefined;
  for (const item of items) {
    const hostname = hostnameOf(item).toLowerCase();
    if (hostname === ANY_HOST || hostname === '') any ??= item;
    else if (isWildcardHostname(hostname)) {
      if (!wildcard.has(hostname.slice(2))) wildcard.set(hostname.slice(2), item);
    } else if (!exact.has(hostname)) exact.set(hostname, item);
  }
  return { exact, wildcard, any };
}

/** The most specific item for a normalised (lower-case, port-free) host, or undefined. */
export function lookupHost<T>(index: HostIndex<T>, host: string): T | undefined {
  const exact = index.exact.get(host);
  if (exact !== undefined) return exact;
  if (index.wildcard.size > 0) {
    // Walk suffixes longest first: for a.b.example.com try b.example.com, example.com, com.
    for (let dot = host.indexOf('.'); dot !== -1 && dot < host.length - 1; dot = host.indexOf('.', dot + 1)) {
      if (dot === 0) continue; // a wildcard needs a non-empty label in front
      const hit = index.wildcard.get(host.slice(dot + 1));
      if (hit !== undefined) return hit;
    }
  }
  return index.any;
}
