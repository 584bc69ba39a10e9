import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRoute, type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { compileGrpcMatch } from '@/lib/routing/grpc-match';
import { compileHttpMatch } from '@/lib/routing/http-match';
import { ANY_HOST, compareHostnameSpecificity, isWildcardHostname } from '@/lib/routing/hostnames';
import { type RequestPredicate } from '@/lib/routing/request';

/**
 * A snapshot compiled for lookups: per socket (address and port), listeners by host (exact map, wildcard-suffix
 * map, catch-all); per listener, virtual hosts the same way; per virtual host, precompiled
 * predicates in precedence order. Immutable once built: the proxy swaps whole tables by
 * reference, so in-flight requests finish on the table they started with.
 */

/** What serves a request. Built once per (virtual host, entry) and returned as is: no per-request allocation. */
export interface RouteHit {
  readonly listener: IrListener;
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
 * Compiled predicates by IrRoute object. Pass the same cache to successive compiles: a snapshot
 * produced by applySnapshotDelta keeps unchanged route objects, so only changed entries are
 * recompiled (regexes included); hits and host maps are rebuilt, which is cheap.
 */
export type MatcherCache = WeakMap<object, RequestPredicate>;

/**
 * Compiles a snapshot (or its listeners). Throws RoutingCompileError / RegexSyntaxError for a
 * match the controller should never have emitted, and Error for an entry naming a missing
 * rule: the proxy rejects such a snapshot and keeps its last good table.
 */
export function compileRouteTable(source: RoutingSnapshot | readonly IrListener[], cache?: MatcherCache): RouteTable {
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

export function compileListener(listener: IrListener, cache?: MatcherCache): CompiledListener {
  const rules = new Map<string, IrRule>();
  for (const rule of listener.rules) rules.set(rule.id, rule);
  const vhosts = listener.virtualHosts.map((virtualHost) => compileVirtualHost(listener, rules, virtualHost, cache));
  return { listener, rules, hosts: buildHostIndex(vhosts, (v) => v.virtualHost.hostname) };
}

function compileVirtualHost(listener: IrListener, rules: ReadonlyMap<string, IrRule>, virtualHost: IrVirtualHost, cache?: MatcherCache): CompiledVirtualHost {
  const hostMatch = virtualHost.hostname === ANY_HOST ? 'any' : isWildcardHostname(virtualHost.hostname) ? 'wildcard' : 'exact';
  const http: CompiledEntry[] = [];
  const grpc: CompiledEntry[] = [];
  for (const route of virtualHost.routes) {
    const rule = rules.get(route.rule);
    if (!rule) throw new Error(`listener ${listener.name}: route ${route.id} refers to missing rule ${route.rule}`);
    const hit: RouteHit = Object.freeze({ listener, virtualHost, route, rule, hostMatch });
    let test = cache?.get(route);
    if (test === undefined) {
      test = route.kind === 'HTTPRoute' ? compileHttpMatch(route.match) : compileGrpcMatch(route.match);
      cache?.set(route, test);
    }
    (route.kind === 'HTTPRoute' ? http : grpc).push({ test, hit });
  }
  return { virtualHost, http, grpc };
}

/** Builds a HostIndex; when two items claim one hostname, the first in `items` order wins. */
export function buildHostIndex<T>(items: readonly T[], hostnameOf: (item: T) => string): HostIndex<T> {
  const exact = new Map<string, T>();
  const wildcard = new Map<string, T>();
  let any: T | undefined;
  const sorted = [...items].sort((a, b) => compareHostnameSpecificity(hostnameOf(a), hostnameOf(b)));
  for (const item of sorted) {
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
