import { describe, expect, it } from 'vitest';
import type { ObservedCondition } from '@/lib/gateway-api/conditions/desired-condition';
import { mergeGatewayClassStatus, mergeGatewayStatus, mergeRouteParents, type StoredRouteParent } from '@/server/status/merge-status';
import type { GatewayDesiredStatus, RouteParentDesiredStatus } from '@/server/status/status-types';

const NOW = '2026-06-01T12:00:00Z';
const T0 = '2026-01-01T00:00:00Z';
const OURS = 'portico.dev/gateway-controller';
const G = 'gateway.networking.k8s.io';

const accepted: ObservedCondition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok', observedGeneration: 3 };
const storedAccepted = { ...accepted, observedGeneration: 2, lastTransitionTime: T0 };

describe('mergeRouteParents', () => {
  const theirs: StoredRouteParent = { parentRef: { group: G, kind: 'Gateway', name: 'gw' }, controllerName: 'example.net/other', conditions: [storedAccepted] };
  const oursGw: StoredRouteParent = { parentRef: { group: G, kind: 'Gateway', name: 'gw' }, controllerName: OURS, conditions: [storedAccepted] };
  const oursGone: StoredRouteParent = { parentRef: { group: G, kind: 'Gateway', name: 'old' }, controllerName: OURS, conditions: [storedAccepted] };
  const want: RouteParentDesiredStatus = { parentRef: { group: G, kind: 'Gateway', name: 'gw' }, controllerName: OURS, conditions: [accepted] };

  it("keeps other controllers' entries untouched, updates ours and drops ours whose parentRef went away", () => {
    const merged = mergeRouteParents([oursGone, theirs, oursGw], [want], OURS, NOW);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toBe(theirs);
    expect(merged[1]?.conditions).toEqual([{ ...accepted, lastTransitionTime: T0 }]);
  });

  it('removes every entry of ours when the route has no parent of ours left', () => {
    expect(mergeRouteParents([theirs, oursGw], [], OURS, NOW)).toEqual([theirs]);
  });

  it('treats a parentRef with another sectionName as another entry', () => {
    const sectioned = { ...want, parentRef: { ...want.parentRef, sectionName: 'http' } };
    const merged = mergeRouteParents([oursGw], [sectioned], OURS, NOW);
    expect(merged[0]?.conditions[0]?.lastTransitionTime).toBe(NOW);
  });
});

describe('mergeGatewayStatus', () => {
  const desired: GatewayDesiredStatus = {
    namespace: 'infra',
    name: 'gw',
    generation: 3,
    addresses: [{ type: 'IPAddress', value: '127.0.0.1' }],
    conditions: [accepted],
    listeners: [{ name: 'http', supportedKinds: [{ group: G, kind: 'HTTPRoute' }], attachedRoutes: 2, conditions: [accepted] }],
  };

  it('merges gateway and listener conditions and keeps fields it does not own', () => {
    const merged = mergeGatewayStatus(
      {
        attachedListenerSets: 1,
        conditions: [storedAccepted, { type: 'vendor.io/Foo', status: 'True', reason: 'X', message: '', lastTransitionTime: T0 }],
        listeners: [{ name: 'http', attachedRoutes: 0, conditions: [storedAccepted] }, { name: 'removed', attachedRoutes: 0, conditions: [] }],
      },
      desired,
      NOW,
    );
    expect(merged.attachedListenerSets).toBe(1);
    expect(merged.addresses).toEqual(desired.addresses);
    expect(merged.conditions?.map((c) => c.type)).toEqual(['Accepted', 'vendor.io/Foo']);
    expect(merged.listeners).toEqual([{ name: 'http', supportedKinds: [{ group: G, kind: 'HTTPRoute' }], attachedRoutes: 2, conditions: [{ ...accepted, lastTransitionTime: T0 }] }]);
  });

  it('leaves addresses out until the proxy reports some', () => {
    expect(mergeGatewayStatus(undefined, { ...desired, addresses: [] }, NOW).addresses).toBeUndefined();
    expect(mergeGatewayStatus(undefined, { ...desired, addresses: undefined }, NOW).addresses).toBeUndefined();
  });

  it('keeps the addresses it has while the proxy has not applied the new generation, and drops them when nothing is bound', () => {
    const existing = { addresses: [{ type: 'IPAddress', value: '127.0.0.2' }] };
    expect(mergeGatewayStatus(existing, { ...desired, addresses: undefined }, NOW).addresses).toEqual(existing.addresses);
    expect(mergeGatewayStatus(existing, { ...desired, addresses: [] }, NOW).addresses).toBeUndefined();
  });
});

describe('mergeGatewayClassStatus', () => {
  it('replaces supportedFeatures and merges conditions', () => {
    const merged = mergeGatewayClassStatus({ conditions: [storedAccepted], supportedFeatures: [{ name: 'Old' }] }, { name: 'c', generation: 3, conditions: [accepted], supportedFeatures: [{ name: 'HTTPRoute' }] }, NOW);
    expect(merged).toEqual({ conditions: [{ ...accepted, lastTransitionTime: T0 }], supportedFeatures: [{ name: 'HTTPRoute' }] });
  });
});
