import type { K8sObject } from '@/lib/k8s/object';
import { objectKey } from '@/lib/k8s/object';
import { assignGatewayAddresses, DEFAULT_ADDRESS_POLICY, type AddressPolicy } from '@/server/graph/assign-gateway-addresses';
import { buildGatewayClassNodes } from '@/server/graph/build-gateway-classes';
import { buildGatewayNodes } from '@/server/graph/build-gateways';
import { buildRouteKind, type RouteContextMaps } from '@/server/graph/build-route-nodes';
import type { GraphCache, PreviousBuild } from '@/server/graph/graph-cache';
import { sameElements, sameStructure } from '@/server/graph/graph-reuse';
import type { Graph, GatewayNode } from '@/server/graph/graph-types';
import { buildReferenceGrantIndex, type ReferenceGrantIndex } from '@/server/graph/reference-grant-index';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { sortBy } from '@/server/graph/sort-keys';

/**
 * Snapshot -> graph: classes, Gateways with validated listeners, routes bound per parentRef
 * with backends resolved, ReferenceGrants indexed once. Pure: the same snapshot always gives
 * the same graph, and one broken object only affects its own verdicts.
 */
export interface BuildGraphOptions {
  /**
   * Memory of earlier builds (createGraphCache): unchanged parts are reused instead of built
   * again. The graph is equal with or without it.
   */
  cache?: GraphCache;
  /** Where Gateways are served; defaults to a loopback pool from 127.0.0.1. */
  addressPolicy?: AddressPolicy;
}

type ListField = Exclude<keyof ResourceSnapshot, 'controllerName'>;

/** One shared empty label set: a Namespace without labels maps to the same value in every build. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export function buildGraph(snapshot: ResourceSnapshot, options: BuildGraphOptions = {}): Graph {
  const cache = options.cache;
  const prev = cache?.previous;
  const policy = options.addressPolicy ?? DEFAULT_ADDRESS_POLICY;
  // An index is reused whole while its input list holds the same objects (the usual case: one
  // route changed); otherwise it is rebuilt, keeping the previous values that are still equal.
  const same = (field: ListField): PreviousBuild | undefined => (prev && sameElements(prev.snapshot[field], snapshot[field]) ? prev : undefined);

  const grants = same('referenceGrants')?.graph.grants ?? keepEqualGrantEntries(buildReferenceGrantIndex(snapshot.referenceGrants), prev?.graph.grants);
  const secrets = same('secrets')?.secrets ?? indexByKey(snapshot.secrets);
  const services = same('services')?.graph.services ?? indexByKey(snapshot.services);
  const endpointSlicesByService =
    same('endpointSlices')?.graph.endpointSlicesByService ?? keepEqualLists(indexEndpointSlices(snapshot.endpointSlices), prev?.graph.endpointSlicesByService);
  const namespaceLabels = same('namespaces')?.namespaceLabels ?? indexNamespaceLabels(snapshot.namespaces);

  const sameClasses = same('gatewayClasses')?.snapshot.controllerName === snapshot.controllerName ? prev : undefined;
  const classes = sameClasses?.graph.classes ?? buildGatewayClassNodes(snapshot.gatewayClasses, snapshot.controllerName);
  // Gateway nodes read the classes, grants and Secrets; addresses are assigned over all of them.
  const sameGatewayInputs = sameClasses && same('gateways') && grants === sameClasses.graph.grants && secrets === sameClasses.secrets ? sameClasses : undefined;
  const built = sameGatewayInputs?.builtGateways ?? buildGatewayNodes(snapshot.gateways, classes, { grants, secrets });
  const gateways =
    sameGatewayInputs && sameStructure(policy, sameGatewayInputs.addressPolicy)
      ? sameGatewayInputs.graph.gateways
      : keepEqualGateways(withAddresses(built, policy), prev?.graph.gateways);

  const maps: RouteContextMaps = { gateways: new Map(gateways.map((g) => [g.key, g])), namespaceLabels, grantEntries: grants.toEntries, services };
  // Nothing a route's binding reads changed since the last build: unchanged route objects keep their nodes unchecked.
  // (Binding reads a Gateway's key and listeners only: a Gateway node rebuilt with the same
  // listener list, e.g. after a status write, changes nothing a route read; depsHold agrees.)
  const worldUnchanged =
    prev !== undefined &&
    sameListeners(gateways, prev.graph.gateways) &&
    namespaceLabels === prev.namespaceLabels &&
    grants === prev.graph.grants &&
    services === prev.graph.services;
  const http = buildRouteKind('HTTPRoute', snapshot.httpRoutes, maps, cache, prev?.routes.HTTPRoute, worldUnchanged);
  const grpc = buildRouteKind('GRPCRoute', snapshot.grpcRoutes, maps, cache, prev?.routes.GRPCRoute, worldUnchanged);
  // Both kinds' sorted lists as last time: the same route list (downstream stages compare it by identity).
  const sameRoutes = prev !== undefined && http.sorted === prev.routes.HTTPRoute.sorted && grpc.sorted === prev.routes.GRPCRoute.sorted;

  const graph: Graph = {
    controllerName: snapshot.controllerName,
    classes,
    gateways,
    routes: sameRoutes ? prev.graph.routes : [...http.sorted, ...grpc.sorted],
    grants,
    services,
    endpointSlicesByService,
  };
  if (cache) {
    cache.previous = { snapshot, addressPolicy: policy, graph, builtGateways: built, namespaceLabels, secrets, routes: { HTTPRoute: http, GRPCRoute: grpc } };
  }
  return graph;
}

/** The same Gateways (by key, in order) with the very same listener lists: what route binding reads of them is unchanged. */
function sameListeners(next: readonly GatewayNode[], previous: readonly GatewayNode[]): boolean {
  if (next === previous) return true;
  if (next.length !== previous.length) return false;
  for (let i = 0; i < next.length; i++) if (next[i]!.key !== previous[i]!.key || next[i]!.listeners !== previous[i]!.listeners) return false;
  return true;
}

function withAddresses(built: readonly GatewayNode[], policy: AddressPolicy): GatewayNode[] {
  const assigned = assignGatewayAddresses(built, policy);
  return built.map((g): GatewayNode => {
    const a = assigned.get(g.key);
    return a ? { ...g, bindAddresses: a.addresses, ...(a.problem ? { addressProblem: a.problem } : {}) } : g;
  });
}

/** The previous node (or its listener list) wherever the new one is equal: route nodes that read them stay valid. */
function keepEqualGateways(next: GatewayNode[], previous: readonly GatewayNode[] | undefined): GatewayNode[] {
  if (!previous || previous.length === 0) return next;
  const byKey = new Map(previous.map((g) => [g.key, g]));
  const out = next.map((g) => {
    const p = byKey.get(g.key);
    if (!p) return g;
    if (sameStructure(g, p)) return p;
    return sameStructure(g.listeners, p.listeners) ? { ...g, listeners: p.listeners } : g;
  });
  return sameElements(out, previous) ? (previous as GatewayNode[]) : out;
}

function keepEqualGrantEntries(next: ReferenceGrantIndex, previous: ReferenceGrantIndex | undefined): ReferenceGrantIndex {
  if (!previous) return next;
  const entries = next.toEntries as Map<string, ReferenceGrantIndex['toEntries'] extends ReadonlyMap<string, infer V> ? V : never>;
  for (const [key, list] of entries) {
    const p = previous.toEntries.get(key);
    if (p && sameStructure(list, p)) entries.set(key, p);
  }
  return next;
}

function keepEqualLists<V>(next: Map<string, readonly V[]>, previous: ReadonlyMap<string, readonly V[]> | undefined): Map<string, readonly V[]> {
  if (!previous) return next;
  for (const [key, list] of next) {
    const p = previous.get(key);
    if (p && sameElements(list, p)) next.set(key, p);
  }
  return next;
}

function indexByKey(objects: readonly K8sObject[]): Map<string, K8sObject> {
  return new Map(objects.map((o) => [objectKey(o.metadata), o]));
}

function indexNamespaceLabels(namespaces: readonly K8sObject[]): Map<string, Readonly<Record<string, string>>> {
  return new Map(namespaces.map((ns) => [ns.metadata.name ?? '', ns.metadata.labels ?? NO_LABELS]));
}

/** EndpointSlices by the `namespace/name` of the Service named in their `kubernetes.io/service-name` label, sorted by slice name. */
function indexEndpointSlices(slices: readonly K8sObject[]): Map<string, readonly K8sObject[]> {
  const byService = new Map<string, K8sObject[]>();
  for (const slice of sortBy(slices, (s) => [s.metadata.namespace ?? '', s.metadata.name ?? ''])) {
    const service = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!service) continue;
    const key = `${slice.metadata.namespace ?? ''}/${service}`;
    const list = byService.get(key) ?? [];
    list.push(slice);
    byService.set(key, list);
  }
  return byService;
}
