import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { createSettledStatuses, skipSettledUpdates } from '@/server/controller/skip-settled-updates';
import { planStatusUpdates, type StatusUpdate } from '@/server/controller/status-plan';
import { buildSnapshot, PORTICO_CONTROLLER_NAME } from '@/server/graph/resource-snapshot';
import type { DesiredStatuses } from '@/server/status/status-types';

const GW = 'gateway.networking.k8s.io';
const NOW = '2026-11-26T08:00:00Z';
const route = (name: string, status?: unknown): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: { namespace: 'team-a', name, generation: 1 },
  spec: {},
  ...(status ? { status } : {}),
});
const desired = (...names: string[]): DesiredStatuses => ({
  gatewayClasses: [],
  gateways: [],
  routes: names.map((name) => ({
    kind: 'HTTPRoute',
    namespace: 'team-a',
    name,
    generation: 1,
    parents: [
      {
        parentRef: { group: GW, kind: 'Gateway', namespace: 'infra', name: 'gw' },
        controllerName: PORTICO_CONTROLLER_NAME,
        conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok', observedGeneration: 1 }],
      },
    ],
  })),
});

/** One reconcile's status pass as writeStatuses runs it: every remaining update asked about its cached object. */
function pass(statuses: DesiredStatuses, objects: K8sObject[], settled: ReturnType<typeof createSettledStatuses>) {
  const cached = (u: StatusUpdate) => objects.find((o) => o.metadata.name === u.name);
  const updates = skipSettledUpdates(planStatusUpdates(statuses, buildSnapshot(objects)), statuses, cached, settled);
  return updates.map((u) => ({ name: u.name, status: u.statusFor(cached(u)!, NOW) }));
}

describe('skipSettledUpdates', () => {
  it('skips a route only once its cached object was found to carry the very desired status', () => {
    const settled = createSettledStatuses();
    const statuses = desired('a', 'b');
    let objects = [route('a'), route('b')];
    // First pass: both need a write.
    const first = pass(statuses, objects, settled);
    expect(first.map((u) => [u.name, u.status !== undefined])).toEqual([['a', true], ['b', true]]);
    // The informer brings the written objects: both are checked once more and found settled.
    objects = first.map((u) => route(u.name, u.status));
    expect(pass(statuses, objects, settled).map((u) => [u.name, u.status])).toEqual([['a', undefined], ['b', undefined]]);
    // Now nothing is even asked.
    expect(pass(statuses, objects, settled)).toEqual([]);
    // A new object (someone changed it) is asked again; so is an object whose desired status is a new one.
    const [a, b] = objects as [K8sObject, K8sObject];
    const changed = { ...b, status: { parents: [] } };
    expect(pass(statuses, [a, changed], settled).map((u) => u.name)).toEqual(['b']);
    const next = desired('a', 'b');
    expect(pass(next, [a, changed], settled).map((u) => u.name)).toEqual(['a', 'b']);
  });

  it('always keeps the updates that drop our entries from routes we no longer attach to', () => {
    const settled = createSettledStatuses();
    const ours = { parents: [{ parentRef: { group: GW, kind: 'Gateway', namespace: 'infra', name: 'gw' }, controllerName: PORTICO_CONTROLLER_NAME, conditions: [] }] };
    const objects = [route('gone', ours)];
    for (let i = 0; i < 2; i++) expect(pass(desired(), objects, settled).map((u) => u.name)).toEqual(['gone']);
  });
});
