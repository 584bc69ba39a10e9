import type { K8sObject } from '@/lib/k8s/object';
import { objectKey } from '@/lib/k8s/object';
import { bindRouteBackends, type BackendContext } from '@/server/graph/bind-route-backends';
import { bindRouteParents, type ParentContext } from '@/server/graph/bind-route-parents';
import type { GraphCache, RouteKindBuild } from '@/server/graph/graph-cache';
import type { GatewayNode, Lookup, RouteKind, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { processRouteSpec, type ProcessedRouteSpec } from '@/server/graph/process-route-spec';
import type { ReferenceGrantTo } from '@/lib/gateway-api/reference-grant';
import { compareStrings } from '@/server/graph/sort-keys';

/** Everything route binding reads besides the route itself. */
export type RouteContext = ParentContext & BackendContext;

/** Ids of the lookups a cached route node records (RouteNodeMemo.deps). */
const LOOKUP_GATEWAY_LISTENERS = 0;
const LOOKUP_NAMESPACE_LABELS = 1;
const LOOKUP_GRANT_ENTRIES = 2;
const LOOKUP_SERVICES = 3;

export interface RouteContextMaps {
  gateways: ReadonlyMap<string, GatewayNode>;
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  grantEntries: ReadonlyMap<string, readonly ReferenceGrantTo[]>;
  services: ReadonlyMap<string, K8sObject>;
}

/** How far ahead in the previous inputs an object is looked for (a few routes deleted in a row keep the alignment). */
const ALIGN_LOOKAHEAD = 8;
/** More new (unaligned) route nodes than this and the nodes are sorted again rather than inserted. */
const MAX_INSERTED = 64;

/**
 * The nodes of one route kind, sorted by namespace/name (stable; routes naming none of our
 * Gateways get none). With a cache, a route object whose every recorded lookup returns the same
 * value again keeps its node from the last build. The inputs are aligned with the last build's
 * (the same objects in the same relative order, a few added, removed or replaced in between):
 * when nothing any route reads changed (`worldUnchanged`), an aligned object keeps its node
 * without even that check, and the sorted list is the last one without the nodes that went and
 * with the new ones inserted at their place: no lookups, no sort, for the usual change.
 */
export function buildRouteKind(
  kind: RouteKind,
  objects: readonly K8sObject[],
  maps: RouteContextMaps,
  cache: GraphCache | undefined,
  previous: RouteKindBuild | undefined,
  worldUnchanged: boolean,
): RouteKindBuild {
  // The very input list of the last build (the informer hands out a kind's array unchanged until
  // an object of that kind changes) and nothing any route reads changed: the last build as it is.
  // One pointer compare per route still guards against a spec or metadata swapped in place.
  if (cache && previous && objects === previous.inputs && worldUnchanged && sameFields(objects, previous)) return previous;
  const nodes = new Array<RouteNode | undefined>(objects.length);
  const specs = objects.map((o) => o.spec);
  const metadata = objects.map((o) => o.metadata);
  if (!cache) {
    const ctx: RouteContext = { gateways: maps.gateways, namespaceLabels: maps.namespaceLabels, grants: { toEntries: maps.grantEntries }, services: maps.services };
    for (let i = 0; i < objects.length; i++) nodes[i] = buildRouteNode(kind, objects[i]!, processRouteSpec(kind, objects[i]!.spec), ctx);
    return { inputs: objects, specs, metadata, nodes, ...sortNodes(nodes) };
  }
  const recorder = trackingContext(maps);
  // Per input: the previous input position holding the same object (-1: none found).
  const alignedTo = new Int32Array(objects.length).fill(-1);
  let next = 0;
  for (let i = 0; i < objects.length; i++) {
    const source = objects[i]!;
    if (previous) {
      const end = Math.min(previous.inputs.length, next + ALIGN_LOOKAHEAD);
      for (let p = next; p < end; p++) {
        if (previous.inputs[p] !== source) continue;
        next = p + 1;
        // Metadata swapped in place may have renamed it: then it is not where it sorted before.
        if (previous.metadata[p] === source.metadata) alignedTo[i] = p;
        break;
      }
    }
    const at = alignedTo[i]!;
    // (The spec and metadata are compared too: an object changed in place is never trusted.)
    if (at >= 0 && worldUnchanged && previous!.specs[at] === source.spec) {
      nodes[i] = previous!.nodes[at];
      continue;
    }
    const memo = cache.routeNodes.get(source);
    let node: RouteNode | undefined;
    if (memo && memo.kind === kind && memo.spec === source.spec && memo.metadata === source.metadata && depsHold(memo.deps, maps)) {
      node = memo.node;
    } else {
      const deps: unknown[] = [];
      recorder.deps = deps;
      node = buildRouteNode(kind, source, cachedRouteSpec(cache, kind, source), recorder.ctx);
      cache.routeNodes.set(source, { kind, spec: source.spec, metadata: source.metadata, deps, node });
    }
    nodes[i] = node;
  }
  const patched = previous && patchSorted(nodes, alignedTo, previous);
  return { inputs: objects, specs, metadata, nodes, ...(patched ?? sortNodes(nodes)) };
}

/** Whether every object still has the spec and metadata objects the last build read. */
function sameFields(objects: readonly K8sObject[], previous: RouteKindBuild): boolean {
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i]!;
    if (object.spec !== previous.specs[i] || object.metadata !== previous.metadata[i]) return false;
  }
  return true;
}

/**
 * sortNodes(nodes) from the last build's order: the aligned inputs keep their relative order
 * (and their keys: an aligned input is the same object), so the last sorted list, read through
 * the alignment, is still sorted; the other inputs' nodes are inserted by binary search.
 * Undefined when too many are new.
 */
function patchSorted(nodes: readonly (RouteNode | undefined)[], alignedTo: Int32Array, previous: RouteKindBuild): { sorted: RouteNode[]; sortedAt: number[] } | undefined {
  const inserted: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i] === undefined || alignedTo[i]! >= 0) continue;
    if (inserted.length === MAX_INSERTED) return undefined;
    inserted.push(i);
  }
  const nowAt = new Int32Array(previous.inputs.length).fill(-1);
  for (let i = 0; i < alignedTo.length; i++) if (alignedTo[i]! >= 0) nowAt[alignedTo[i]!] = i;
  const inputOfSorted = new Int32Array(previous.sorted.length);
  for (let p = 0; p < previous.sortedAt.length; p++) if (previous.sortedAt[p]! >= 0) inputOfSorted[previous.sortedAt[p]!] = p;
  // The input positions (now) of the sorted nodes, in order.
  const order: number[] = [];
  for (let k = 0; k < inputOfSorted.length; k++) {
    const i = nowAt[inputOfSorted[k]!]!;
    if (i >= 0 && nodes[i] !== undefined) order.push(i);
  }
  // An aligned input whose node did not exist before (a route that now names our Gateway) is new to the order too.
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i] === undefined || alignedTo[i]! < 0 || previous.sortedAt[alignedTo[i]!]! >= 0) continue;
    if (inserted.length === MAX_INSERTED) return undefined;
    inserted.push(i);
  }
  const before = (a: number, b: number) => {
    const x = nodes[a]!;
    const y = nodes[b]!;
    return compareStrings(x.namespace, y.namespace) || compareStrings(x.name, y.name) || a - b;
  };
  for (const i of inserted) {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(order[mid]!, i) < 0) lo = mid + 1;
      else hi = mid;
    }
    order.splice(lo, 0, i);
  }
  const sortedAt = new Array<number>(nodes.length).fill(-1);
  const sorted = order.map((i, at) => {
    sortedAt[i] = at;
    return nodes[i]!;
  });
  return { sorted, sortedAt };
}

/** Sorted by namespace/name, stable (input order among equal keys); and where each input's node went. */
function sortNodes(nodes: readonly (RouteNode | undefined)[]): { sorted: RouteNode[]; sortedAt: number[] } {
  const order: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (nodes[i] !== undefined) order.push(i);
  order.sort((a, b) => {
    const x = nodes[a]!;
    const y = nodes[b]!;
    return compareStrings(x.namespace, y.namespace) || compareStrings(x.name, y.name) || a - b;
  });
  const sortedAt = new Array<number>(nodes.length).fill(-1);
  const sorted = order.map((i, at) => {
    sortedAt[i] = at;
    return nodes[i]!;
  });
  return { sorted, sortedAt };
}

function buildRouteNode(kind: RouteKind, source: K8sObject, processed: ProcessedRouteSpec, ctx: RouteContext): RouteNode | undefined {
  const namespace = source.metadata.namespace ?? '';
  const parents = bindRouteParents({ kind, namespace, ...processed }, ctx);
  if (parents.length === 0) return undefined;
  // bindRouteBackends fills backends and mirrors in: give it this node's own rule nodes.
  const rules = processed.rules.map(freshRuleNode);
  const resolvedRefs = bindRouteBackends({ kind, namespace }, rules, ctx);
  return {
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

/**
 * A context whose lookups append (lookup id, key, value) to `deps`. Binding reads a Gateway's
 * key, namespace and listeners only, and the key determines the first two: so the Gateway
 * lookup records the listener list, which the graph keeps identical while it is equal.
 */
function trackingContext(maps: RouteContextMaps): { ctx: RouteContext; deps: unknown[] } {
  const recorder = { deps: [] as unknown[], ctx: undefined as unknown as RouteContext };
  const gateways: Lookup<GatewayNode> = {
    get(key) {
      const g = maps.gateways.get(key);
      recorder.deps.push(LOOKUP_GATEWAY_LISTENERS, key, g?.listeners);
      return g;
    },
  };
  const track = <V>(id: number, map: ReadonlyMap<string, V>): Lookup<V> => ({
    get(key) {
      const v = map.get(key);
      recorder.deps.push(id, key, v);
      return v;
    },
  });
  recorder.ctx = {
    gateways,
    namespaceLabels: track(LOOKUP_NAMESPACE_LABELS, maps.namespaceLabels),
    grants: { toEntries: track(LOOKUP_GRANT_ENTRIES, maps.grantEntries) },
    services: track(LOOKUP_SERVICES, maps.services),
  };
  return recorder;
}

/** Whether every recorded lookup returns the same value now. */
function depsHold(deps: readonly unknown[], maps: RouteContextMaps): boolean {
  for (let i = 0; i < deps.length; i += 3) {
    const key = deps[i + 1] as string;
    let now: unknown;
    switch (deps[i]) {
      case LOOKUP_GATEWAY_LISTENERS:
        now = maps.gateways.get(key)?.listeners;
        break;
      case LOOKUP_NAMESPACE_LABELS:
        now = maps.namespaceLabels.get(key);
        break;
      case LOOKUP_GRANT_ENTRIES:
        now = maps.grantEntries.get(key);
        break;
      default:
        now = maps.services.get(key);
    }
    if (now !== deps[i + 2]) return false;
  }
  return true;
}

