import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRoute, type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { diffRuleObjects } from '@/lib/routing/diff-rule-objects';
import { findListenerRule } from '@/lib/routing/find-listener-rule';
import { compileGrpcMatch } from '@/lib/routing/grpc-match';
import { buildHostIndex, buildHostIndexOf, hostIndexEntry, type HostIndex, HostSlotTable } from '@/lib/routing/host-index';
import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import { compileHttpMatch, pathOnlyMatch, type PathOnlyMatch } from '@/lib/routing/http-match';
import { packPaths } from '@/lib/routing/packed-paths';
import { type RequestPredicate } from '@/lib/routing/request';
import { runToEnd, type Steps } from '@/lib/util/steps';

export { buildHostIndex, lookupHost, type HostIndex } from '@/lib/routing/host-index';

/**
 * A snapshot compiled for lookups: per socket (address and port), listeners by host (exact map, wildcard-suffix
 * map, catch-all); per listener, virtual hosts the same way; per virtual host, precompiled
 * predicates in precedence order. Immutable once built: the proxy swaps whole tables by
 * reference, so in-flight requests finish on the table they started with.
 */

/**
 * What serves a request: the compiled entry that matched, returned as is (no per-request
 * allocation). `target` is what the table's RuleBinder made of the rule for this listener (the
 * proxy binds its compiled rule), so the request path reads it from the entry it already holds
 * instead of looking the rule up: with 10,000 routes every object a request touches is likely
 * a cache miss.
 */
export interface RouteHit<T = undefined> {
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
  readonly target: T;
}

/** One route entry of a virtual host, in precedence order: how to test a request, and the hit it is. */
export interface CompiledEntry<T = undefined> extends RouteHit<T> {
  readonly test: RequestPredicate;
}

/**
 * What a table's hits carry for their rule, made once per (listener, rule object) when a
 * virtual host is compiled. It must depend on nothing else: compiled virtual hosts are reused
 * for as long as their rule objects stay.
 */
export type RuleBinder<T> = (listenerName: string, rule: IrRule) => T;

export interface CompiledVirtualHost<T = undefined> {
  readonly virtualHost: IrVirtualHost;
  /** The IrListener's name (the one it was compiled for). */
  readonly listenerName: string;
  readonly http: readonly CompiledEntry<T>[];
  /**
   * The `http` entries' path checks, packed (packPaths): a match on the path alone is decided
   * from this one string, `test` is called only for the rest.
   */
  readonly httpPaths: string;
  /** The `http` entries' targets, by the same index: the proxy reads a hit's target without reading the hit (selectTarget). */
  readonly httpTargets: readonly T[];
  readonly grpc: readonly CompiledEntry<T>[];
}

export interface CompiledListener<T = undefined> {
  readonly listener: IrListener;
  /** Its virtual hosts by hostname; the slots are shared with the listener's earlier and later versions. */
  readonly hosts: HostIndex<CompiledVirtualHost<T>>;
}

/** The listeners served on one socket: one address and one Gateway listener port. */
export interface CompiledSocket<T = undefined> {
  readonly address: string;
  readonly port: number;
  readonly listeners: HostIndex<CompiledListener<T>>;
}

export interface RouteTable<T = undefined> {
  /** The snapshot version compiled, or '' when built from bare listeners. */
  readonly version: string;
  /** By socketKey(address, port). */
  readonly sockets: ReadonlyMap<string, CompiledSocket<T>>;
  /** By IrListener name: what the next compile may reuse (see compileRouteTable's `previous`). */
  readonly listeners: ReadonlyMap<string, CompiledListener<T>>;
}

/** `127.0.0.2:80`: a listener socket by address and Gateway listener port (before any offset). */
export function socketKey(address: string, port: number): string {
  return `${address}:${port}`;
}

/**
 * What successive compiles reuse, by object identity: predicates by route entry and compiled
 * virtual hosts by IrVirtualHost (a snapshot produced by applySnapshotDelta keeps unchanged
 * route and virtual-host objects, so a one-route change recompiles one virtual host, its
 * regexes included); and the binder every hit's `target` comes from.
 */
export interface RouteTableCache<T = undefined> {
  readonly matchers: WeakMap<IrRoute, RequestPredicate>;
  readonly virtualHosts: WeakMap<IrVirtualHost, CompiledVirtualHost<T>>;
  readonly bind: RuleBinder<T>;
}

const NO_TARGET: RuleBinder<undefined> = () => undefined;

export function createRouteTableCache(): RouteTableCache;
export function createRouteTableCache<T>(bind: RuleBinder<T>): RouteTableCache<T>;
export function createRouteTableCache<T>(bind?: RuleBinder<T>): RouteTableCache<T | undefined> {
  return { matchers: new WeakMap(), virtualHosts: new WeakMap(), bind: bind ?? NO_TARGET };
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
 * for the k rules and their virtual hosts plus two pointer arrays of the listener's hosts, not
 * maps of every rule and host. `previous` is only a source of parts to reuse: the result routes
 * exactly as a compile without it does.
 */
export function compileRouteTable(source: RoutingSnapshot | readonly IrListener[], cache?: RouteTableCache, previous?: RouteTable): RouteTable;
export function compileRouteTable<T>(source: RoutingSnapshot | readonly IrListener[], cache: RouteTableCache<T>, previous?: RouteTable<T>): RouteTable<T>;
export function compileRouteTable<T>(source: RoutingSnapshot | readonly IrListener[], cache?: RouteTableCache<T>, previous?: RouteTable<T>): RouteTable<T> {
  return runToEnd(compileRouteTableSteps(source, cache, previous));
}

/** compileRouteTable as Steps (lib/util/steps.ts): it pauses after each virtual host it compiles, and nowhere else. */
export function* compileRouteTableSteps<T>(source: RoutingSnapshot | readonly IrListener[], cache?: RouteTableCache<T>, previous?: RouteTable<T>): Steps<RouteTable<T>> {
  const irListeners = 'listeners' in source ? source.listeners : source;
  const listeners = new Map<string, CompiledListener<T>>();
  const bySocket = new Map<string, { address: string; port: number; list: CompiledListener<T>[] }>();
  for (const listener of irListeners) {
    const compiled = yield* compileListener(listener, cache, previous?.listeners.get(listener.name));
    if (!listeners.has(listener.name)) listeners.set(listener.name, compiled);
    for (const address of listener.addresses) {
      const key = socketKey(address, listener.port);
      const socket = bySocket.get(key);
      if (socket) socket.list.push(compiled);
      else bySocket.set(key, { address, port: listener.port, list: [compiled] });
    }
  }
  const sockets = new Map<string, CompiledSocket<T>>();
  for (const [key, { address, port, list }] of bySocket) {
    sockets.set(key, { address, port, listeners: buildHostIndex(list, (l) => l.listener.hostname ?? ANY_HOST) });
  }
  return { version: 'version' in source ? source.version : '', sockets, listeners };
}

/** Compiles one listener, reusing what `previous` (the same-named listener of an earlier table) has. */
function* compileListener<T>(listener: IrListener, cache?: RouteTableCache<T>, previous?: CompiledListener<T>): Steps<CompiledListener<T>> {
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
  const compiled: CompiledVirtualHost<T>[] = [];
  for (const virtualHost of listener.virtualHosts) {
    const before = prevHosts === undefined ? undefined : hostIndexEntry(prevHosts, virtualHost.hostname);
    if (before !== undefined && before.virtualHost === virtualHost && changedRules !== undefined && !usesAny(before, changedRules)) {
      compiled.push(before);
      continue;
    }
    compiled.push(compileVirtualHost(listener, virtualHost, cache));
    yield;
  }
  const hosts = buildHostIndexOf(listener.virtualHosts, (v) => v.hostname, (_, i) => compiled[i] as CompiledVirtualHost<T>, slots);
  return { listener, hosts };
}

function usesAny(compiled: CompiledVirtualHost<unknown>, ruleIds: ReadonlySet<string>): boolean {
  if (ruleIds.size === 0) return false;
  for (const entry of compiled.http) if (ruleIds.has(entry.route.rule)) return true;
  for (const entry of compiled.grpc) if (ruleIds.has(entry.route.rule)) return true;
  return false;
}

function compileVirtualHost<T>(listener: IrListener, virtualHost: IrVirtualHost, cache?: RouteTableCache<T>): CompiledVirtualHost<T> {
  const cached = cache?.virtualHosts.get(virtualHost);
  // The same virtual host object, on the same listener, whose routes still resolve to the very rule objects its hits hold.
  if (cached !== undefined && cached.listenerName === listener.name && sameRules(cached.http, listener) && sameRules(cached.grpc, listener)) return cached;
  const hostMatch = virtualHost.hostname === ANY_HOST ? 'any' : isWildcardHostname(virtualHost.hostname) ? 'wildcard' : 'exact';
  const bind = cache === undefined ? (NO_TARGET as RuleBinder<T>) : cache.bind;
  const http: CompiledEntry<T>[] = [];
  const httpPaths: PathOnlyMatch[] = [];
  const httpTargets: T[] = [];
  const grpc: CompiledEntry<T>[] = [];
  for (const route of virtualHost.routes) {
    const rule = findListenerRule(listener, route.rule);
    if (!rule) throw new Error(`listener ${listener.name}: route ${route.id} refers to missing rule ${route.rule}`);
    let test = cache?.matchers.get(route);
    if (test === undefined) {
      test = route.kind === 'HTTPRoute' ? compileHttpMatch(route.match) : compileGrpcMatch(route.match);
      cache?.matchers.set(route, test);
    }
    // One object per entry, all fields set here in one order (one shape), frozen: hits are shared by every table that reuses the virtual host.
    // `target` first: it is what the proxy reads of a gRPC hit, and with many routes the entry is seldom in the CPU cache.
    const entry: CompiledEntry<T> = Object.freeze({ target: bind(listener.name, rule), test, route, listenerName: listener.name, virtualHost, rule, hostMatch });
    if (route.kind === 'HTTPRoute') {
      http.push(entry);
      httpPaths.push(pathOnlyMatch(route.match));
      httpTargets.push(entry.target);
    } else {
      grpc.push(entry);
    }
  }
  // Most hosts have no gRPC routes: one shared empty list (every request reads its length).
  const compiled: CompiledVirtualHost<T> = {
    virtualHost,
    listenerName: listener.name,
    http,
    httpPaths: packPaths(httpPaths),
    httpTargets,
    grpc: grpc.length === 0 ? (NO_ENTRIES as readonly CompiledEntry<T>[]) : grpc,
  };
  cache?.virtualHosts.set(virtualHost, compiled);
  return compiled;
}

const NO_ENTRIES: readonly CompiledEntry<never>[] = Object.freeze([]);

function sameRules(entries: readonly CompiledEntry<unknown>[], listener: IrListener): boolean {
  for (const entry of entries) if (findListenerRule(listener, entry.route.rule) !== entry.rule) return false;
  return true;
}
