import { objectKey, type K8sObject } from '@/lib/k8s/object';
import { skipSettledUpdates, type SettledStatuses } from '@/server/controller/skip-settled-updates';
import { planStatusUpdates, type StatusUpdate } from '@/server/controller/status-plan';
import { compareRouteOrder } from '@/server/graph/graph-reuse';
import type { Graph, RouteNode } from '@/server/graph/graph-types';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import type { DesiredStatuses, RouteDesiredStatus } from '@/server/status/status-types';

export interface StatusWork {
  updates: StatusUpdate[];
  /** The cached (informer) object an update is about. */
  cached: (update: StatusUpdate) => K8sObject | undefined;
}

/**
 * What the last plan saw, for the next one (the controller keeps one for its lifetime): the
 * graph's routes, their desired statuses by position, and which of those were not settled.
 */
export interface StatusPlanMemory {
  last?: { routes: readonly RouteNode[]; statuses: readonly RouteDesiredStatus[]; unsettled: ReadonlySet<RouteDesiredStatus> };
}

export function createStatusPlanMemory(): StatusPlanMemory {
  return {};
}

/**
 * planStatusUpdates + skipSettledUpdates for one reconcile, without work per route: the
 * desired route statuses are in graph route order (computeStatuses maps graph.routes), so a
 * route's cached object is its node's source, and a route whose object already carries its very
 * desired status (SettledStatuses) is dropped before any update, key string or index entry is
 * made for it. With a memory, a route whose node and desired status are the very ones of the
 * last plan, and which was settled then, is still settled (its object is the same, and only a
 * write for it could have changed its entry): a pointer compare, no WeakMap lookup. When every
 * route object of the input has a node (the graph is built from `input`, one node at most per
 * input object), no route can carry a leftover entry of ours, so the leftover scan is skipped.
 * Gives the same updates as planning every route and skipping the settled ones (informer
 * snapshots hold one object per key); objects are indexed by key only for the few updates
 * left, and only if one is asked about that the walk did not see. `newestOf` maps a graph
 * route's source to the object cached now (StatusEchoes: the pipeline keeps building from the
 * object an own status write was made from; its echo carries the stored status and version).
 */
export function planStatusWork(
  statuses: DesiredStatuses,
  graph: Graph,
  input: ResourceSnapshot,
  settled: SettledStatuses,
  memory?: StatusPlanMemory,
  newestOf: (object: K8sObject) => K8sObject = (object) => object,
): StatusWork {
  const aligned = statuses.routes.length === graph.routes.length;
  const last = aligned ? memory?.last : undefined;
  const pending: RouteDesiredStatus[] = [];
  const known = new Map<string, K8sObject>();
  let i = 0;
  statuses.routes.forEach((r, k) => {
    const node = aligned ? graph.routes[k] : undefined;
    const same = node !== undefined && node.kind === r.kind && node.namespace === r.namespace && node.name === r.name;
    if (same && last) {
      // Skip the last plan's routes that went (they sort before this one).
      while (i < last.routes.length && last.routes[i] !== node && compareRouteOrder(last.routes[i]!, node) < 0) i++;
      if (last.routes[i] === node && last.statuses[i] === r && !last.unsettled.has(r)) {
        i++;
        return;
      }
    }
    const current = same ? newestOf(node.source) : undefined;
    if (current !== undefined && settled.get(current) === r) return;
    pending.push(r);
    if (current !== undefined) known.set(`${r.kind}/${r.namespace}/${r.name}`, current);
  });
  if (memory) memory.last = aligned ? { routes: graph.routes, statuses: statuses.routes, unsettled: new Set(pending) } : undefined;
  for (const o of input.gatewayClasses) known.set(`GatewayClass//${o.metadata.name ?? ''}`, o);
  for (const o of input.gateways) known.set(`Gateway/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o);
  let index: Map<string, K8sObject> | undefined;
  const cached = (u: StatusUpdate): K8sObject | undefined => {
    const found = known.get(`${u.kind}/${u.namespace ?? ''}/${u.name}`);
    if (found) return found;
    index ??= indexObjects(input);
    const object = index.get(`${u.kind}/${objectKey(u)}`);
    return object === undefined ? undefined : newestOf(object);
  };
  const everyRouteAttached = graph.routes.length === input.httpRoutes.length + input.grpcRoutes.length;
  const updates = planStatusUpdates(statuses, input, everyRouteAttached ? { routes: pending, leftovers: false } : { routes: pending, attached: attachedSources(graph), newestOf });
  return { updates: skipSettledUpdates(updates, { ...statuses, routes: pending }, cached, settled), cached };
}

function attachedSources(graph: Graph): Set<K8sObject> {
  const attached = new Set<K8sObject>();
  for (const node of graph.routes) attached.add(node.source);
  return attached;
}

function indexObjects(snapshot: ResourceSnapshot): Map<string, K8sObject> {
  const index = new Map<string, K8sObject>();
  const add = (kind: string, objects: readonly K8sObject[]) => {
    for (const o of objects) index.set(`${kind}/${objectKey(o.metadata)}`, o);
  };
  add('GatewayClass', snapshot.gatewayClasses);
  add('Gateway', snapshot.gateways);
  add('HTTPRoute', snapshot.httpRoutes);
  add('GRPCRoute', snapshot.grpcRoutes);
  return index;
}
