import { type IrVirtualHost } from '@/lib/ir/listener';
import { type CompiledEntry, type CompiledVirtualHost, lookupHost, type RouteHit, type RouteTable, socketKey } from '@/lib/routing/compile-route-table';
import { normalizeRequestHost } from '@/lib/routing/hostnames';
import { firstPackedMatch } from '@/lib/routing/packed-paths';
import { type RoutingRequest } from '@/lib/routing/request';

/**
 * "Which listener, route, rule and backend serves this request?": the one function the proxy
 * and the console preview both call.
 *
 * 1. Address and port -> the listeners bound there (each Gateway has its own addresses).
 * 2. Host (port stripped, lower-cased) -> the most specific listener (exact, then longest
 *    wildcard suffix, then no hostname). Listener isolation: only that listener's routes count.
 *    With `sniHost` (HTTPS), the SNI chooses the listener and a Host that selects a different
 *    one is misdirected (421, SEMANTICS 2.4).
 * 3. Host -> the most specific virtual host of that listener.
 * 4. The first entry, in precedence order, whose match holds. gRPC requests
 *    (`content-type: application/grpc*`) try GRPCRoute entries first, then HTTPRoute entries
 *    (an HTTPRoute may carry gRPC); other requests try HTTPRoute entries only.
 *
 * Per request this allocates nothing beyond host normalisation: the hit is the matching entry.
 * Backend choice among the rule's weighted backends is pickBackend's job.
 */
export interface RouteQuery extends RoutingRequest {
  /** The address the request arrived on (an IrListener address). */
  listenerAddress: string;
  /** The Gateway listener port the request arrived on (before any port offset). */
  listenerPort: number;
  /** socketKey(listenerAddress, listenerPort), when the caller keeps it (the proxy: one per listener socket, not one string per request). */
  socketKey?: string | undefined;
  /** Host header or `:authority`, raw (a port is ignored). */
  host: string;
  /** TLS SNI, for HTTPS listeners; absent for plain HTTP. */
  sniHost?: string | undefined;
}

export type NoRouteReason =
  /** No listener on that address and port: the connection should not exist (404 if it does). */
  | 'no-listener-port'
  /** No listener on the port matches the host: 404 / gRPC UNIMPLEMENTED. */
  | 'no-listener-hostname'
  /** SNI chose one listener, the Host another: 421. */
  | 'misdirected'
  /** The listener serves no route for this host: 404 / UNIMPLEMENTED. */
  | 'no-virtual-host'
  /** Routes exist for the host but none matches: 404 / UNIMPLEMENTED. */
  | 'no-route';

export interface RouteMiss {
  readonly none: NoRouteReason;
  /** The IrListener's name, when one was chosen. */
  readonly listenerName?: string;
  readonly virtualHost?: IrVirtualHost;
}

export type RouteSelection<T = undefined> = RouteHit<T> | RouteMiss;

const MISS_PORT: RouteMiss = Object.freeze({ none: 'no-listener-port' });
const MISS_HOST: RouteMiss = Object.freeze({ none: 'no-listener-hostname' });
const MISS_SNI: RouteMiss = Object.freeze({ none: 'misdirected' });

export function isRouteMiss<S extends object>(selection: S | RouteMiss): selection is RouteMiss {
  return 'none' in selection;
}

/** The HTTP status a miss answers with (gRPC maps 404 to UNIMPLEMENTED). */
export function missStatus(miss: RouteMiss): 404 | 421 {
  return miss.none === 'misdirected' ? 421 : 404;
}

export function isGrpcRequest(req: RoutingRequest): boolean {
  const ct = req.headers('content-type');
  return ct !== undefined && ct.startsWith('application/grpc');
}

export function selectRoute<T>(table: RouteTable<T>, query: RouteQuery): RouteSelection<T> {
  const vhost = virtualHostFor(table, query);
  if (isRouteMiss(vhost)) return vhost;
  const match = firstMatch(vhost, query);
  if (typeof match !== 'number') return match;
  return match === -1 ? noRoute(vhost) : (vhost.http[match] as CompiledEntry<T>);
}

/**
 * selectRoute's hit's `target` (or the miss), for the proxy's request path: an HTTPRoute hit's
 * target is read from the virtual host's targets, not from the hit, one object fewer per
 * request (with 10,000 routes, a likely cache miss). T must have no `none` property: that
 * marks a miss.
 */
export function selectTarget<T extends object & { readonly none?: never }>(table: RouteTable<T>, query: RouteQuery): T | RouteMiss {
  const vhost = virtualHostFor(table, query);
  if (isRouteMiss(vhost)) return vhost;
  const match = firstMatch(vhost, query);
  if (typeof match !== 'number') return match.target;
  return match === -1 ? noRoute(vhost) : (vhost.httpTargets[match] as T);
}

/** Steps 1 to 3: the virtual host that serves the query's address, port and host, or why none does. */
function virtualHostFor<T>(table: RouteTable<T>, query: RouteQuery): CompiledVirtualHost<T> | RouteMiss {
  const port = table.sockets.get(query.socketKey ?? socketKey(query.listenerAddress, query.listenerPort));
  if (!port) return MISS_PORT;
  const host = normalizeRequestHost(query.host);
  const compiled = lookupHost(port.listeners, host);
  if (!compiled) return MISS_HOST;
  if (query.sniHost !== undefined && query.sniHost !== '' && lookupHost(port.listeners, normalizeRequestHost(query.sniHost)) !== compiled) {
    return MISS_SNI;
  }
  return lookupHost(compiled.hosts, host) ?? { none: 'no-virtual-host', listenerName: compiled.listener.name };
}

/**
 * Step 4: the matching GRPCRoute entry (tried first, for gRPC requests), else the index of the
 * first matching HTTPRoute entry in `http`, or -1.
 */
function firstMatch<T>(vhost: CompiledVirtualHost<T>, query: RouteQuery): CompiledEntry<T> | number {
  if (vhost.grpc.length > 0 && isGrpcRequest(query)) {
    const hit = firstGrpcMatch(vhost.grpc, query);
    if (hit) return hit;
  }
  return firstPackedMatch(vhost.httpPaths, vhost.http, query);
}

function noRoute(vhost: CompiledVirtualHost<unknown>): RouteMiss {
  return { none: 'no-route', listenerName: vhost.listenerName, virtualHost: vhost.virtualHost };
}

function firstGrpcMatch<T>(entries: readonly CompiledEntry<T>[], req: RoutingRequest): CompiledEntry<T> | undefined {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as CompiledEntry<T>;
    if (entry.test(req)) return entry;
  }
  return undefined;
}
