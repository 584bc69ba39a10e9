import type { RouteNode } from '@/server/graph/graph-types';
import type { RouteDesiredStatus } from '@/server/status/status-types';

/**
 * Memory between successive status computations (the controller keeps one for its lifetime).
 * A route's desired status is a function of its node and the controller name only, and the
 * graph cache keeps unchanged route nodes identical between builds: so the status made for a
 * node is reused for as long as the node is. Keyed by node in WeakMaps (nodes of routes that
 * are gone take their entries with them). The output is equal with or without it; reused
 * statuses are shared and must never be mutated.
 */
export interface StatusCache {
  routes: WeakMap<RouteNode, { controllerName: string; status: RouteDesiredStatus }>;
  /** Per route node: its id and the listeners (`namespace/gateway/listener`) it counts toward. */
  attachments: WeakMap<RouteNode, RouteListeners>;
  /** The last routes counted, and their counts: patched (or kept) when few routes were replaced. */
  lastAttached?: { routes: readonly RouteNode[]; counts: Map<string, number> };
  /** The last routes and their statuses, position by position (a status list handed out is never changed). */
  lastRoutes?: { routes: readonly RouteNode[]; statuses: readonly RouteDesiredStatus[]; controllerName: string };
}

export interface RouteListeners {
  id: string;
  listenerKeys: readonly string[];
}

export function createStatusCache(): StatusCache {
  return { routes: new WeakMap(), attachments: new WeakMap() };
}
