import type { K8sObject } from '@/lib/k8s/object';
import type { AddressPolicy } from '@/server/graph/assign-gateway-addresses';
import type { Graph, GatewayNode, RouteKind, RouteNode } from '@/server/graph/graph-types';
import type { ProcessedRouteSpec } from '@/server/graph/process-route-spec';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';

/**
 * Memory between successive graph builds (the controller keeps one for its lifetime), passed to
 * `buildGraph` as an explicit input, so that one changed object costs about one object's work.
 *
 * - The validated spec of each route object, keyed by the stored object itself: informers hand
 *   over the same object until it changes, and a changed object (new resourceVersion) is a new
 *   object, so identity never serves a stale parse. The entry also records the kind and the
 *   `spec` it was made from, so an object whose spec was swapped in place (a programming error
 *   elsewhere) is parsed again rather than trusted.
 * - Each route's whole node, with every lookup its binding made (the listeners of each Gateway
 *   it names, its Namespace's labels, the ReferenceGrant entries and Services its backends
 *   need) and what each returned: the node is reused while every such lookup returns the same
 *   value again. Binding is a pure function of those lookups, so this is exact.
 * - The previous build's inputs and indexes: an index is reused when its input list holds the
 *   same objects, and rebuilt indexes keep the previous values (grant entries, EndpointSlice
 *   lists, Gateway nodes and listener lists) wherever they are equal, so that downstream
 *   identity checks (here and in the translate and status caches) keep holding.
 *
 * WeakMaps: objects that leave the informer cache take their entries with them. Cached values
 * are shared between graphs and must never be mutated.
 */
export interface GraphCache {
  routeSpecs: WeakMap<K8sObject, RouteSpecMemo>;
  routeNodes: WeakMap<K8sObject, RouteNodeMemo>;
  previous?: PreviousBuild;
}

export interface RouteSpecMemo {
  kind: RouteKind;
  spec: unknown;
  processed: ProcessedRouteSpec;
}

export interface RouteNodeMemo {
  kind: RouteKind;
  spec: unknown;
  metadata: unknown;
  /** Flat triples: which lookup (build-graph's LOOKUP_* ids), the key, the value it returned. */
  deps: unknown[];
  /** Undefined when the route names none of our Gateways (it gets no node). */
  node: RouteNode | undefined;
}

/** What the last build read and made, for reuse by identity. */
export interface PreviousBuild {
  snapshot: ResourceSnapshot;
  addressPolicy: AddressPolicy;
  graph: Graph;
  /** Gateway nodes before address assignment (its input), in build order. */
  builtGateways: GatewayNode[];
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  secrets: ReadonlyMap<string, K8sObject>;
  routes: Record<RouteKind, RouteKindBuild>;
}

/** One route kind's build: per input position its node (if any) and where that node sorted. */
export interface RouteKindBuild {
  inputs: readonly K8sObject[];
  /** Each input's spec and metadata as they were (objects must not change in place; if one did, it is built again). */
  specs: readonly unknown[];
  metadata: readonly unknown[];
  nodes: readonly (RouteNode | undefined)[];
  sorted: RouteNode[];
  /** Per input position: the index of its node in `sorted`, or -1. */
  sortedAt: readonly number[];
}

export function createGraphCache(): GraphCache {
  return { routeSpecs: new WeakMap(), routeNodes: new WeakMap() };
}
