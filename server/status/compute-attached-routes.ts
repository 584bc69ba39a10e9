import type { RouteNode } from '@/server/graph/graph-types';
import { routeChanges, sameElements, type RouteChanges } from '@/server/graph/graph-reuse';
import type { RouteListeners, StatusCache } from '@/server/status/status-cache';

/**
 * attachedRoutes per listener, keyed `namespace/gateway/listener` (SEMANTICS §2.9): routes
 * Accepted under a parentRef that selects the listener, counted once per listener even when
 * several parentRefs select it. Listener health does not matter. `memo` (StatusCache.attachments)
 * keeps each node's listener keys, so an unchanged route costs a lookup and a few set inserts.
 */
export function computeAttachedRoutes(routes: readonly RouteNode[], memo?: WeakMap<RouteNode, RouteListeners>): Map<string, number> {
  const byListener = new Map<string, Set<string>>();
  for (const route of routes) {
    let mine = memo?.get(route);
    if (!mine) {
      mine = routeListeners(route);
      memo?.set(route, mine);
    }
    for (const key of mine.listenerKeys) {
      const set = byListener.get(key);
      if (set) set.add(mine.id);
      else byListener.set(key, new Set([mine.id]));
    }
  }
  const counts = new Map<string, number>();
  for (const [key, set] of byListener) counts.set(key, set.size);
  return counts;
}

/**
 * computeAttachedRoutes through the status cache: when the routes differ from the last call by a
 * few routes edited, added or removed (routeChanges), the last counts are patched (each route id
 * appears once then, so a count is the number of routes naming the listener); otherwise they are
 * counted again.
 */
export function cachedAttachedRoutes(routes: readonly RouteNode[], cache: StatusCache): Map<string, number> {
  const last = cache.lastAttached;
  const changes = last && routeChanges(last.routes, routes);
  const counts = last && changes ? patchCounts(last.counts, changes, cache) : computeAttachedRoutes(routes, cache.attachments);
  cache.lastAttached = { routes, counts };
  return counts;
}

/** The counts after `changes`; the same map when no route moved between listeners (counts already handed out are never changed). */
function patchCounts(counts: Map<string, number>, changes: RouteChanges, cache: StatusCache): Map<string, number> {
  const delta = new Map<string, number>();
  const add = (route: RouteNode, by: number) => {
    for (const key of listenersOf(route, cache).listenerKeys) delta.set(key, (delta.get(key) ?? 0) + by);
  };
  for (const [before, after] of changes.replaced) {
    if (sameListeners(listenersOf(before, cache), listenersOf(after, cache))) continue;
    add(before, -1);
    add(after, 1);
  }
  for (const route of changes.removed) add(route, -1);
  for (const route of changes.added) add(route, 1);
  if ([...delta.values()].every((d) => d === 0)) return counts;
  const out = new Map(counts);
  for (const [key, d] of delta) {
    const n = (out.get(key) ?? 0) + d;
    if (n > 0) out.set(key, n);
    else out.delete(key);
  }
  return out;
}

function listenersOf(route: RouteNode, cache: StatusCache): RouteListeners {
  let mine = cache.attachments.get(route);
  if (!mine) cache.attachments.set(route, (mine = routeListeners(route)));
  return mine;
}

function sameListeners(a: RouteListeners, b: RouteListeners): boolean {
  return a.id === b.id && sameElements(a.listenerKeys, b.listenerKeys);
}

function routeListeners(route: RouteNode): RouteListeners {
  const keys: string[] = [];
  for (const parent of route.parents) {
    if (parent.accepted.status !== 'True') continue;
    for (const l of parent.listeners) {
      const key = `${parent.gatewayKey}/${l.listenerName}`;
      if (!keys.includes(key)) keys.push(key);
    }
  }
  return { id: `${route.kind}/${route.key}`, listenerKeys: keys };
}
