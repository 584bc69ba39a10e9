import { objectKey, type K8sObject } from '@/lib/k8s/object';
import { skipSettledUpdates, type SettledStatuses } from '@/server/controller/skip-settled-updates';
import { planStatusUpdates, type StatusUpdate } from '@/server/controller/status-plan';
import type { Graph } from '@/server/graph/graph-types';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import type { DesiredStatuses, RouteDesiredStatus } from '@/server/status/status-types';

export interface StatusWork {
  updates: StatusUpdate[];
  /** The cached (informer) object an update is about. */
  cached: (update: StatusUpdate) => K8sObject | undefined;
}

/**
 * planStatusUpdates + skipSettledUpdates for one reconcile, without touching every route: the
 * desired route statuses are in graph route order (computeStatuses maps graph.routes), so a
 * route's cached object is its node's source, and a route whose object already carries its very
 * desired status (SettledStatuses) is dropped by a WeakMap lookup before any update, key string
 * or index entry is made for it. Gives the same updates as planning every route and skipping
 * the settled ones (informer snapshots hold one object per key); objects are indexed by key
 * only for the few updates left, and only if one is asked about that the walk did not see.
 */
export function planStatusWork(statuses: DesiredStatuses, graph: Graph, input: ResourceSnapshot, settled: SettledStatuses): StatusWork {
  const attached = new Set<K8sObject>();
  for (const node of graph.routes) attached.add(node.source);
  const aligned = statuses.routes.length === graph.routes.length;
  const pending: RouteDesiredStatus[] = [];
  const known = new Map<string, K8sObject>();
  statuses.routes.forEach((r, k) => {
    const node = aligned ? graph.routes[k] : undefined;
    const same = node !== undefined && node.kind === r.kind && node.namespace === r.namespace && node.name === r.name;
    if (same && settled.get(node.source) === r) return;
    pending.push(r);
    if (same) known.set(`${r.kind}/${r.namespace}/${r.name}`, node.source);
  });
  for (const o of input.gatewayClasses) known.set(`GatewayClass//${o.metadata.name ?? ''}`, o);
  for (const o of input.gateways) known.set(`Gateway/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`, o);
  let index: Map<string, K8sObject> | undefined;
  const cached = (u: StatusUpdate): K8sObject | undefined => {
    const found = known.get(`${u.kind}/${u.namespace ?? ''}/${u.name}`);
    if (found) return found;
    index ??= indexObjects(input);
    return index.get(`${u.kind}/${objectKey(u)}`);
  };
  const updates = planStatusUpdates(statuses, input, { routes: pending, attached });
  return { updates: skipSettledUpdates(updates, { ...statuses, routes: pending }, cached, settled), cached };
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
