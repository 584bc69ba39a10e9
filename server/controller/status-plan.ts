import { isDeepStrictEqual } from 'node:util';
import type { K8sObject } from '@/lib/k8s/object';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { isStatusStale } from '@/server/status/merge-conditions';
import {
  mergeGatewayClassStatus,
  mergeGatewayStatus,
  mergeRouteParents,
  type StoredGatewayClassStatus,
  type StoredGatewayStatus,
  type StoredRouteParent,
} from '@/server/status/merge-status';
import type { DesiredStatuses, RouteDesiredStatus, RouteParentDesiredStatus } from '@/server/status/status-types';

/**
 * Which objects' status the controller owns a part of, and how to merge the desired status into
 * whatever is stored: a function of the stored object, so a write that hits a conflict can merge
 * again into the latest version. Pure.
 */
export interface StatusUpdate {
  kind: 'GatewayClass' | 'Gateway' | 'HTTPRoute' | 'GRPCRoute';
  namespace?: string;
  name: string;
  /** The generation the desired status was computed from. */
  generation: number;
  /**
   * The status to write over `current`, or undefined when there is nothing to write: merged equals
   * stored, or `current` is of another generation (the informer brings it, and another reconcile).
   */
  statusFor(current: K8sObject, now: string): Record<string, unknown> | undefined;
  /**
   * The desired-status object this update writes (routes, set by skipSettledUpdates): an object
   * carrying what it wrote is settled with it (SettledStatuses).
   */
  settles?: object;
}

export interface PlanStatusOptions {
  /** The routes to plan updates for (default: every desired route; a caller that knows some are settled passes the rest). */
  routes?: readonly RouteDesiredStatus[];
  /** Route objects known to have a desired status (graph route sources): no leftover check, no key built for them. */
  attached?: ReadonlySet<K8sObject>;
  /** False when the caller knows no route object lacks a desired status (none can be left over): no scan of the route objects. */
  leftovers?: boolean;
  /** The newest cached version of a snapshot route (StatusEchoes.newestOf): leftovers are judged by the status stored now. */
  newestOf?: (route: K8sObject) => K8sObject;
}

export function planStatusUpdates(desired: DesiredStatuses, snapshot: ResourceSnapshot, options: PlanStatusOptions = {}): StatusUpdate[] {
  const controllerName = snapshot.controllerName;
  const updates: StatusUpdate[] = [];

  for (const d of desired.gatewayClasses) {
    updates.push({
      kind: 'GatewayClass',
      name: d.name,
      generation: d.generation,
      statusFor: (current, now) => {
        const stored = current.status as StoredGatewayClassStatus | undefined;
        if (!sameGeneration(current, d.generation) || isStatusStale(stored?.conditions, d.generation)) return undefined;
        return changedOnly(stored, mergeGatewayClassStatus(stored, d, now));
      },
    });
  }

  for (const d of desired.gateways) {
    updates.push({
      kind: 'Gateway',
      namespace: d.namespace,
      name: d.name,
      generation: d.generation,
      statusFor: (current, now) => {
        const stored = current.status as StoredGatewayStatus | undefined;
        if (!sameGeneration(current, d.generation) || isStatusStale(stored?.conditions, d.generation)) return undefined;
        return changedOnly(stored, mergeGatewayStatus(stored, d, now));
      },
    });
  }

  // Routes we attach to now, plus routes that still carry entries of ours but no longer point at
  // any of our Gateways: those entries are dropped (desired = []).
  let desiredRoutes: Set<string> | undefined;
  const isDesired = (key: string) => (desiredRoutes ??= new Set(desired.routes.map((r) => `${r.kind}/${r.namespace}/${r.name}`))).has(key);
  const routeUpdate = (kind: 'HTTPRoute' | 'GRPCRoute', namespace: string, name: string, generation: number, parents: readonly RouteParentDesiredStatus[]): StatusUpdate => ({
    kind,
    namespace,
    name,
    generation,
    statusFor: (current, now) => {
      const stored = current.status as { parents?: StoredRouteParent[]; [field: string]: unknown } | undefined;
      if (!sameGeneration(current, generation)) return undefined;
      const ours = (stored?.parents ?? []).filter((p) => p.controllerName === controllerName);
      if (ours.some((p) => isStatusStale(p.conditions, generation))) return undefined;
      return changedOnly(stored, { ...stored, parents: mergeRouteParents(stored?.parents, parents, controllerName, now) });
    },
  });
  for (const r of options.routes ?? desired.routes) updates.push(routeUpdate(r.kind, r.namespace, r.name, r.generation, r.parents));
  const leftovers = (kind: 'HTTPRoute' | 'GRPCRoute', routes: readonly K8sObject[]) => {
    for (const route of routes) {
      if (options.attached?.has(route)) continue;
      const parents = ((options.newestOf?.(route) ?? route).status as { parents?: StoredRouteParent[] } | undefined)?.parents ?? [];
      if (!parents.some((p) => p.controllerName === controllerName)) continue;
      const namespace = route.metadata.namespace ?? '';
      const name = route.metadata.name ?? '';
      if (isDesired(`${kind}/${namespace}/${name}`)) continue;
      updates.push(routeUpdate(kind, namespace, name, route.metadata.generation ?? 1, []));
    }
  };
  if (options.leftovers !== false) {
    leftovers('HTTPRoute', snapshot.httpRoutes);
    leftovers('GRPCRoute', snapshot.grpcRoutes);
  }
  return updates;
}

function sameGeneration(current: K8sObject, generation: number): boolean {
  return (current.metadata.generation ?? 1) === generation;
}

/**
 * The merged status as it will be stored (JSON: undefined fields vanish), or undefined when it
 * equals what is stored: an unchanged status is never rewritten.
 */
function changedOnly(stored: unknown, merged: unknown): Record<string, unknown> | undefined {
  const next = JSON.parse(JSON.stringify(merged)) as Record<string, unknown>;
  const previous = stored === undefined ? undefined : (JSON.parse(JSON.stringify(stored)) as unknown);
  return isDeepStrictEqual(previous, next) ? undefined : next;
}
