import type { K8sObject } from '@/lib/k8s/object';
import type { RouteKind } from '@/server/graph/graph-types';
import type { ProcessedRouteSpec } from '@/server/graph/process-route-spec';

/**
 * Memory between successive graph builds (the controller keeps one for its lifetime), passed to
 * `buildGraph` as an explicit input. It remembers the validated spec of each route object, so
 * an unchanged route costs a lookup instead of a schema parse.
 *
 * Keyed by the stored object itself: informers hand over the same object until it changes, and
 * a changed object (new resourceVersion) is a new object, so identity never serves a stale
 * parse. The entry also records the kind and the `spec` it was made from, so an object whose
 * spec was swapped in place (a programming error elsewhere) is parsed again rather than trusted.
 * A WeakMap: objects that leave the informer cache take their entries with them.
 *
 * Cached values are shared between graphs and must never be mutated; buildGraph copies the
 * parts it fills in (a rule's resolved backends and mirrors).
 */
export interface GraphCache {
  routeSpecs: WeakMap<K8sObject, RouteSpecMemo>;
}

export interface RouteSpecMemo {
  kind: RouteKind;
  spec: unknown;
  processed: ProcessedRouteSpec;
}

export function createGraphCache(): GraphCache {
  return { routeSpecs: new WeakMap() };
}
