import type { RouteNode } from '@/server/graph/graph-types';

/**
 * attachedRoutes per listener, keyed `namespace/gateway/listener` (SEMANTICS §2.9): routes
 * Accepted under a parentRef that selects the listener, counted once per listener even when
 * several parentRefs select it. Listener health does not matter.
 */
export function computeAttachedRoutes(routes: readonly RouteNode[]): Map<string, number> {
  // Nested by gateway then listener, so no key string is built per route and listener.
  const byGateway = new Map<string, Map<string, Set<string>>>();
  for (const route of routes) {
    let id: string | undefined;
    for (const parent of route.parents) {
      if (parent.accepted.status !== 'True') continue;
      let byListener = byGateway.get(parent.gatewayKey);
      if (!byListener) byGateway.set(parent.gatewayKey, (byListener = new Map()));
      for (const l of parent.listeners) {
        let set = byListener.get(l.listenerName);
        if (!set) byListener.set(l.listenerName, (set = new Set()));
        set.add((id ??= `${route.kind}/${route.key}`));
      }
    }
  }
  const counts = new Map<string, number>();
  for (const [gatewayKey, byListener] of byGateway) {
    for (const [listenerName, set] of byListener) counts.set(`${gatewayKey}/${listenerName}`, set.size);
  }
  return counts;
}
