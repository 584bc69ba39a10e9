import type { RouteNode } from '@/server/graph/graph-types';
import { replacedRoutes, sameElements } from '@/server/graph/graph-reuse';
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
 * computeAttachedRoutes through the status cache: when the routes differ from the last call only
 * by edited routes that count toward the same listeners as before (the usual edit: rules,
 * backends), the counts are the last ones; otherwise they are counted again.
 */
export function cachedAttachedRoutes(routes: readonly RouteNode[], cache: StatusCache): Map<string, number> {
  const last = cache.lastAttached;
  const pairs = last && replacedRoutes(last.routes, routes);
  if (last && pairs && pairs.every(([before, after]) => sameListeners(listenersOf(before, cache), listenersOf(after, cache)))) {
    cache.lastAttached = { routes, counts: last.counts };
    return last.counts;
  }
  const counts = computeAttachedRoutes(routes, cache.attachments);
  cache.lastAttached = { routes, counts };
  return counts;
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
