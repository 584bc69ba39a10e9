import type { K8sObject } from '@/lib/k8s/object';
import type { StatusUpdate } from '@/server/controller/status-plan';
import type { DesiredStatuses } from '@/server/status/status-types';

/**
 * Which cached objects already carry their desired status: per cached object (informers hand
 * over the same object until it changes), the desired-status object a status update last found
 * nothing to write for. The status cache keeps a route's desired status identical while its
 * node is, so at steady state nearly every route update is skipped by one WeakMap lookup
 * instead of a merge and two JSON round trips per route on every reconcile.
 *
 * Exact: whether there is anything to write depends only on the stored object and the desired
 * status (the clock only stamps conditions that do change). A new object (our own write, a
 * spec change, another controller's status) has no entry and is checked again.
 */
export type SettledStatuses = WeakMap<K8sObject, object>;

export function createSettledStatuses(): SettledStatuses {
  return new WeakMap();
}

export function skipSettledUpdates(
  updates: readonly StatusUpdate[],
  desired: DesiredStatuses,
  cached: (update: StatusUpdate) => K8sObject | undefined,
  settled: SettledStatuses,
): StatusUpdate[] {
  // Route statuses by kind/namespace/name without building a string per route.
  const routes = new Map<string, Map<string, Map<string, object>>>();
  for (const r of desired.routes) {
    let byNamespace = routes.get(r.kind);
    if (!byNamespace) routes.set(r.kind, (byNamespace = new Map()));
    let byName = byNamespace.get(r.namespace);
    if (!byName) byNamespace.set(r.namespace, (byName = new Map()));
    if (!byName.has(r.name)) byName.set(r.name, r);
  }
  const out: StatusUpdate[] = [];
  for (const update of updates) {
    const wanted = update.kind === 'HTTPRoute' || update.kind === 'GRPCRoute' ? routes.get(update.kind)?.get(update.namespace ?? '')?.get(update.name) : undefined;
    const current = wanted ? cached(update) : undefined;
    if (!wanted || !current) {
      out.push(update);
      continue;
    }
    if (settled.get(current) === wanted) continue;
    out.push({
      ...update,
      settles: wanted,
      statusFor(object, now) {
        const status = update.statusFor(object, now);
        if (status === undefined && object === current) settled.set(current, wanted);
        return status;
      },
    });
  }
  return out;
}
