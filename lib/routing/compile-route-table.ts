import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRoute, type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { diffRuleObjects } from '@/lib/routing/diff-rule-objects';
import { findListenerRule } from '@/lib/routing/find-listener-rule';
import { compileGrpcMatch } from '@/lib/routing/grpc-match';
import { compileHttpMatch, type PathOnlyKind, pathOnlyMatch } from '@/lib/routing/http-match';
import { buildHostIndex, buildHostIndexOf, hostIndexEntry, type HostIndex, HostSlotTable } from '@/lib/routing/host-index';
import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import { type RequestPredicate } from '@/lib/routing/request';

export { buildHostIndex, lookupHost, type HostIndex } from '@/lib/routing/host-index';

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
  /**
   * A match on the path alone is checked in line from these two (pathOnlyMatch), `test` only
   * for the rest: with 10,000 routes a predicate call touches closures and contexts that are
   * rarely in cache, and a request tries several entries of its host.
   */
  readonly pathKind: PathOnlyKind;
  readonly pathValue: string;
  readonly hit: RouteHit;
}

export interface CompiledVirtualHost {
  readonly virtualHost: IrVirtualHost;
  readonly http: readonly CompiledEntry[];
  readonly grpc: readonly CompiledEntry[];
}

export interface CompiledListener {
  readonly listener: IrListener;
  /** Its virtual hosts by hostname; the slots are shared with the listener's earlier and later versions. */
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
  /** By IrListener name: what the next compile may reuse (see compileRouteTable's `previous`). */
  readonly listeners: ReadonlyMap<string, CompiledListener>;
}

/** `127.0.0.2:80`: a listener socket by address and Gateway listener port (before any offset). */
export function socketKey(address: string, port: number): string {
  return `${address}:${port}`;
}

/**
 * What successive compiles reuse, by object identity: predicates by route entry and compiled
 * virtual hosts by IrVirtualHost (a snapshot produced by applySnapshotDelta keeps unchanged
 * route and virtual-host objects, so a one-route change recompiles one virtual host, its
 * regexes included).
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
 *
 * With `previous` (any earlier table; the proxy passes its active one), a listener of the same
 * name is patched rather than rebuilt: its hostname slots are shared (new hostnames are added
 * to them), and only virtual hosts that are new objects, or whose entries name a rule that is a
 * new object, are compiled. So applying a delta of k rules to a 10,000-rule listener allocates
 * for the k rules and their virtual hosts plus one pointer array of the listener's hosts, not
 * maps of every rule and host. `previous` is only a source of parts to reuse: the result routes
 * exactly as a compile without it does.
 */
export function compileRouteTable(source: RoutingSnapshot | readonly IrListener[], cache?: RouteTableCache, previous?: RouteTable): RouteTable {
  const irListeners = 'listeners' in source ? source.listeners : source;
  const listeners = new Map<string, CompiledListener>();
  const bySocket = new Map<string, { address: string; port: number; list: CompiledListener[] }>();
  for (const listener of irListeners) {
    const compiled = compileListener(listener, cache, previous?.listeners.get(listener.name));
    if (!listeners.has(listener.name)) listeners.set(listener.name, compiled);
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
  return { version: 'version' in source ? source.version : '', sockets, listeners };
}

/** Compiles one listener, reusing what `previous` (the same-named listener of an earlier table) has. */
export function compileListener(listener: IrListener, cache?: RouteTableCache, previous?: CompiledListener): CompiledListener {
  if (previous?.listener === listener) return previous;
  const prevHosts = previous !== undefined && previous.listener.name === listener.name ? previous.hosts : undefined;
  // Rule ids whose object changed: a reused virtual host must not hold one of them. Undefined: unknown, check each hit.
  let changedRules: Set<string> | undefined;
  if (prevHosts !== undefined) {
    const diff = diffRuleObjects(previous!.listener.rules, listener.rules);
    if (diff !== undefined) {
      changedRules = new Set<string>();
      for (const r of diff.entered) changedRules.add(r.id);
      for (const r of diff.left) changedRules.add(r.id);
    }
  }
  // The previous version's slots, extended with new hostnames; afresh once removed hostnames would hold most of them.
  const slots = prevHosts?.slots instanceof HostSlotTable && prevHosts.slots.size <= 2 * listener.virtualHosts.length + 64 ? prevHosts.slots : undefined;
  const hosts = buildHostIndexOf(
    listener.virtualHosts,
    (v) => v.hostname,
    (virtualHost) => {
      const before = prevHosts === undefined ? undefined : hostIndexEntry(prevHosts, virtualHost.hostname);
      if (before !== undefined && before.virtualHost === virtualHost && changedRules !== undefined && !usesAny(before, changedRules)) return before;
      return compileVirtualHost(listener, virtualHost, cache);
    },
    slots,
  );
  return { listener, hosts };
}

function usesAny(compiled: CompiledVirtualHost, ruleIds: ReadonlySet<string>): boolean {
  if (ruleIds.size === 0) return false;
  for (const { hit } of compiled.http) if (ruleIds.has(hit.route.rule)) return true;
  for (const { hit } of compiled.grpc) if (ruleIds.has(hit.route.rule)) return true;
  return false;
}

function compileVirtualHost(listener: IrListener, virtualHost: IrVirtualHost, cache?: RouteTableCache): CompiledVirtualHost {
  const cached = cache?.virtualHosts.get(virtualHost);
  // The same virtual host object, on the same listener, whose routes still resolve to the very rule objects its hits hold.
  if (cached !== undefined && cached.listenerName === listener.name && sameRules(cached.http, listener) && sameRules(cached.grpc, listener)) return cached;
  const hostMatch = virtualHost.hostname === ANY_HOST ? 'any' : isWildcardHostname(virtualHost.hostname) ? 'wildcard' : 'exact';
  const http: CompiledEntry[] = [];
  const grpc: CompiledEntry[] = [];
  for (const route of virtualHost.routes) {
    const rule = findListenerRule(listener, route.rule);
    if (!rule) throw new Error(`listener ${listener.name}: route ${route.id} refers to missing rule ${route.rule}`);
    const hit: RouteHit = Object.freeze({ listenerName: listener.name, virtualHost, route, rule, hostMatch });
    let test = cache?.matchers.get(route);
    if (test === undefined) {
      test = route.kind === 'HTTPRoute' ? compileHttpMatch(route.match) : compileGrpcMatch(route.match);
      cache?.matchers.set(route, test);
    }
    if (route.kind === 'HTTPRoute') {
      const path = pathOnlyMatch(route.match);
      http.push({ test, pathKind: path.kind, pathValue: path.value, hit });
    } else {
      grpc.push({ test, pathKind: 'predicate', pathValue: '', hit });
    }
  }
  // Most hosts have no gRPC routes: one shared empty list (every request reads its length).
  const compiled = { virtualHost, http, grpc: grpc.length === 0 ? NO_ENTRIES : grpc, listenerName: listener.name };
  cache?.virtualHosts.set(virtualHost, compiled);
  return compiled;
}

const NO_ENTRIES: readonly CompiledEntry[] = Object.freeze([]);

function sameRules(entries: readonly CompiledEntry[], listener: IrListener): boolean {
  for (const { hit } of entries) if (findListenerRule(listener, hit.route.rule) !== hit.rule) return false;
  return true;
}
