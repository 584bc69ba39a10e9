import type { RouteNode } from '@/server/graph/graph-types';
import { sortBy } from '@/server/graph/sort-keys';
import { observeConditions } from '@/server/status/observe';
import type { RouteDesiredStatus } from '@/server/status/status-types';

/**
 * A route's `status.parents` entries for our controller (SEMANTICS §3.5, §3.6): Accepted,
 * ResolvedRefs, and PartiallyInvalid only while some rules were dropped. Sorted by parentRef.
 */
export function computeRouteStatus(route: RouteNode, controllerName: string): RouteDesiredStatus {
  const parents = route.parents.map((p) => ({
    parentRef: { ...p.parentRef },
    controllerName,
    conditions: observeConditions([p.accepted, route.resolvedRefs, p.partiallyInvalid], route.generation),
  }));
  return {
    kind: route.kind,
    namespace: route.namespace,
    name: route.name,
    generation: route.generation,
    parents: sortBy(parents, (p) => [p.parentRef.group, p.parentRef.kind, p.parentRef.namespace ?? '', p.parentRef.name, p.parentRef.sectionName ?? '', p.parentRef.port ?? 0]),
  };
}
