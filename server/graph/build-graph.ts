import type { K8sObject } from '@/lib/k8s/object';
import { objectKey } from '@/lib/k8s/object';
import { assignGatewayAddresses, DEFAULT_ADDRESS_POLICY, type AddressPolicy } from '@/server/graph/assign-gateway-addresses';
import { bindRouteBackends } from '@/server/graph/bind-route-backends';
import { bindRouteParents } from '@/server/graph/bind-route-parents';
import { buildGatewayClassNodes } from '@/server/graph/build-gateway-classes';
import { buildGatewayNodes } from '@/server/graph/build-gateways';
import type { GraphCache } from '@/server/graph/graph-cache';
import type { Graph, GatewayNode, RouteKind, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { processRouteSpec, type ProcessedRouteSpec } from '@/server/graph/process-route-spec';
import { buildReferenceGrantIndex } from '@/server/graph/reference-grant-index';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { sortBy } from '@/server/graph/sort-keys';

/**
 * Snapshot -> graph: classes, Gateways with validated listeners, routes bound per parentRef
 * with backends resolved, ReferenceGrants indexed once. Pure: the same snapshot always gives
 * the same graph, and one broken object only affects its own verdicts.
 */
export interface BuildGraphOptions {
  /**
   * Memory of earlier builds (createGraphCache): unchanged route objects are not validated
   * again. The graph is the same with or without it.
   */
  cache?: GraphCache;
  /** Where Gateways are served; defaults to a loopback pool from 127.0.0.1. */
  addressPolicy?: AddressPolicy;
}

export function buildGraph(snapshot: ResourceSnapshot, options: BuildGraphOptions = {}): Graph {
  const cache = options.cache;
  const grants = buildReferenceGrantIndex(snapshot.referenceGrants);
  const secrets = indexByKey(snapshot.secrets);
  const services = indexByKey(snapshot.services);
  const classes = buildGatewayClassNodes(snapshot.gatewayClasses, snapshot.controllerName);
  const built = buildGatewayNodes(snapshot.gateways, classes, { grants, secrets });
  const assigned = assignGatewayAddresses(built, options.addressPolicy ?? DEFAULT_ADDRESS_POLICY);
  const gateways = built.map((g): GatewayNode => {
    const a = assigned.get(g.key);
    return a ? { ...g, bindAddresses: a.addresses, ...(a.problem ? { addressProblem: a.problem } : {}) } : g;
  });
  const gatewaysByKey = new Map<string, GatewayNode>(gateways.map((g) => [g.key, g]));
  const namespaceLabels = new Map(snapshot.namespaces.map((ns) => [ns.metadata.name ?? '', ns.metadata.labels ?? {}]));

  const buildRoutes = (kind: RouteKind, objects: readonly K8sObject[]): RouteNode[] => {
    const nodes: RouteNode[] = [];
    for (const source of objects) {
      const namespace = source.metadata.namespace ?? '';
      const processed = cache ? cachedRouteSpec(cache, kind, source) : processRouteSpec(kind, source.spec);
      const parents = bindRouteParents({ kind, namespace, ...processed }, { gateways: gatewaysByKey, namespaceLabels });
      if (parents.length === 0) continue;
      // bindRouteBackends fills backends and mirrors in: give it this graph's own rule nodes.
      const rules = processed.rules.map(freshRuleNode);
      const resolvedRefs = bindRouteBackends({ kind, namespace }, rules, { grants, services });
      nodes.push({
        kind,
        key: objectKey(source.metadata),
        namespace,
        name: source.metadata.name ?? '',
        generation: source.metadata.generation ?? 1,
        source,
        hostnames: processed.hostnames,
        rules,
        parents,
        resolvedRefs,
      });
    }
    return sortBy(nodes, (r) => [r.namespace, r.name]);
  };

  return {
    controllerName: snapshot.controllerName,
    classes,
    gateways,
    routes: [...buildRoutes('HTTPRoute', snapshot.httpRoutes), ...buildRoutes('GRPCRoute', snapshot.grpcRoutes)],
    grants,
    services,
    endpointSlicesByService: indexEndpointSlices(snapshot.endpointSlices),
  };
}

/** processRouteSpec through the cache: the earlier result while the object, its kind and its spec are the same. */
function cachedRouteSpec(cache: GraphCache, kind: RouteKind, source: K8sObject): ProcessedRouteSpec {
  const memo = cache.routeSpecs.get(source);
  if (memo && memo.kind === kind && memo.spec === source.spec) return memo.processed;
  const processed = processRouteSpec(kind, source.spec);
  cache.routeSpecs.set(source, { kind, spec: source.spec, processed });
  return processed;
}

function freshRuleNode(rule: RouteRuleNode): RouteRuleNode {
  return { ...rule, backends: [], mirrors: [] };
}

function indexByKey(objects: readonly K8sObject[]): Map<string, K8sObject> {
  return new Map(objects.map((o) => [objectKey(o.metadata), o]));
}

/** EndpointSlices by the `namespace/name` of the Service named in their `kubernetes.io/service-name` label, sorted by slice name. */
function indexEndpointSlices(slices: readonly K8sObject[]): Map<string, K8sObject[]> {
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
