import type { RouteNode } from '@/server/graph/graph-types';

/**
 * attachedRoutes per listener, keyed `namespace/gateway/listener` (SEMANTICS §2.9): routes
 * Accepted under a parentRef that selects the listener, counted once per listener even when
 * several parentRefs select it. Listener health does not matter.
 */
export function computeAttachedRoutes(routes: readonly RouteNode[]): Map<string, number> {
  const routesByListener = new Map<string, Set<string>>();
  for (const route of routes) {
    for (const parent of route.parents) {
      if (parent.accepted.status !== 'True') continue;
      for (const l of parent.listeners) {
        const key = `${parent.gatewayKey}/${l.listenerName}`;
        const set = routesByListener.get(key) ?? new Set<string>();
        set.add(`${route.kind}/${route.key}`);
        routesByListener.set(key, set);
      }
    }
  }
  return new Map([...routesByListener].map(([k, set]) => [k, set.size]));
}
