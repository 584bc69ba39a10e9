import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { planStatusUpdates } from '@/server/controller/status-plan';
import { buildSnapshot, PORTICO_CONTROLLER_NAME } from '@/server/graph/resource-snapshot';
import type { DesiredStatuses, RouteParentDesiredStatus } from '@/server/status/status-types';

const GW = 'gateway.networking.k8s.io';
const OLD = '2026-01-01T00:00:00Z';
const NOW = '2026-11-26T08:00:00Z';
const gwRef = (name: string) => ({ group: GW, kind: 'Gateway', namespace: 'infra', name });
const accepted = (generation: number) => ({ type: 'Accepted', status: 'True' as const, reason: 'Accepted', message: 'ok', observedGeneration: generation });
const stored = (c: ReturnType<typeof accepted>, lastTransitionTime = OLD) => ({ ...c, lastTransitionTime });
const foreignParent = { parentRef: gwRef('theirs'), controllerName: 'example.com/other', conditions: [stored(accepted(1))] };

const route = (generation: number, parents: unknown[]): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: { namespace: 'team-a', name: 'web', generation, resourceVersion: '7' },
  spec: {},
  status: { parents },
});
const desiredRoute = (generation: number, parents: RouteParentDesiredStatus[]): DesiredStatuses => ({
  gatewayClasses: [],
  gateways: [],
  routes: [{ kind: 'HTTPRoute', namespace: 'team-a', name: 'web', generation, parents }],
});
const ours = (generation: number): RouteParentDesiredStatus => ({ parentRef: gwRef('gw'), controllerName: PORTICO_CONTROLLER_NAME, conditions: [accepted(generation)] });

function statusOf(desired: DesiredStatuses, objects: K8sObject[]) {
  const updates = planStatusUpdates(desired, buildSnapshot(objects));
  return updates.map((u) => {
    const current = objects.find((o) => o.kind === u.kind && o.metadata.name === u.name)!;
    return u.statusFor(current, NOW);
  });
}

describe('planStatusUpdates', () => {
  it.each([
    {
      name: 'an unchanged status is not rewritten (lastTransitionTime kept)',
      objects: [route(2, [{ parentRef: gwRef('gw'), controllerName: PORTICO_CONTROLLER_NAME, conditions: [stored(accepted(2))] }])],
      desired: desiredRoute(2, [ours(2)]),
      expected: [undefined],
    },
    {
      name: 'a new generation rewrites ours, keeps the transition time, and keeps a foreign entry first',
      objects: [route(3, [{ parentRef: gwRef('gw'), controllerName: PORTICO_CONTROLLER_NAME, conditions: [stored(accepted(2))] }, foreignParent])],
      desired: desiredRoute(3, [ours(3)]),
      expected: [{ parents: [foreignParent, { parentRef: gwRef('gw'), controllerName: PORTICO_CONTROLLER_NAME, conditions: [stored(accepted(3))] }] }],
    },
    {
      name: 'a route that no longer points at our Gateways loses our entry only',
      objects: [route(4, [foreignParent, { parentRef: gwRef('gone'), controllerName: PORTICO_CONTROLLER_NAME, conditions: [stored(accepted(3))] }])],
      desired: { gatewayClasses: [], gateways: [], routes: [] },
      expected: [{ parents: [foreignParent] }],
    },
    {
      name: 'a route with no entries of ours and no desired status is not touched',
      objects: [route(4, [foreignParent])],
      desired: { gatewayClasses: [], gateways: [], routes: [] },
      expected: [],
    },
    {
      name: 'a status computed from another generation is not written',
      objects: [route(5, [])],
      desired: desiredRoute(4, [ours(4)]),
      expected: [undefined],
    },
    {
      name: 'a first status gets the current time as lastTransitionTime',
      objects: [route(1, [])],
      desired: desiredRoute(1, [ours(1)]),
      expected: [{ parents: [{ parentRef: gwRef('gw'), controllerName: PORTICO_CONTROLLER_NAME, conditions: [stored(accepted(1), NOW)] }] }],
    },
  ])('$name', ({ objects, desired, expected }) => {
    expect(statusOf(desired, objects)).toEqual(expected);
  });

  it('writes a GatewayClass status only when it differs, ignoring fields JSON would drop', () => {
    const cls = (conditions: unknown[]): K8sObject => ({ apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'portico', generation: 1 }, spec: {}, status: { conditions } });
    const desired: DesiredStatuses = { gatewayClasses: [{ name: 'portico', generation: 1, conditions: [accepted(1)] }], gateways: [], routes: [] };
    expect(statusOf(desired, [cls([stored(accepted(1))])])).toEqual([undefined]);
    const pending = { type: 'Accepted', status: 'Unknown', reason: 'Pending', message: 'Waiting for controller', lastTransitionTime: '1970-01-01T00:00:00Z' };
    expect(statusOf(desired, [cls([pending])])).toEqual([{ conditions: [stored(accepted(1), NOW)] }]);
  });
});
