import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { computeGatewayStatus } from '@/server/status/compute-gateway-status';
import type { GatewayProgramming } from '@/server/status/status-types';

const objects: K8sObject[] = [
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'p' }, spec: { controllerName: 'portico.dev/gateway-controller' } },
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'infra', generation: 4 },
    spec: { gatewayClassName: 'p', listeners: [{ name: 'a', port: 80, protocol: 'HTTP' }, { name: 'b', port: 81, protocol: 'HTTP' }] },
  },
];
const gateway = buildGraph(buildSnapshot(objects)).gateways[0]!;
const programmed = (p: GatewayProgramming | undefined) => {
  const s = computeGatewayStatus(gateway, p, new Map());
  return [s.conditions, ...s.listeners.map((l) => l.conditions)].map((conds) => {
    const c = conds.find((x) => x.type === 'Programmed')!;
    return `${c.status}/${c.reason}`;
  });
};
const addresses = [{ type: 'IPAddress', value: '127.0.0.1' }];

describe('computeGatewayStatus Programmed', () => {
  it('is Unknown/Pending until the proxy acknowledges', () => {
    expect(programmed(undefined)).toEqual(['Unknown/Pending', 'Unknown/Pending', 'Unknown/Pending']);
  });
  it('stays Pending while the acknowledgement is for an older generation, but reports its addresses', () => {
    expect(programmed({ observedGeneration: 3, addresses })).toEqual(['Unknown/Pending', 'Unknown/Pending', 'Unknown/Pending']);
    expect(computeGatewayStatus(gateway, { observedGeneration: 3, addresses }, new Map()).addresses).toEqual(addresses);
  });
  it('is True once the current generation is applied', () => {
    expect(programmed({ observedGeneration: 4, addresses })).toEqual(['True/Programmed', 'True/Programmed', 'True/Programmed']);
  });
  it('reports a listener the proxy could not program', () => {
    expect(programmed({ observedGeneration: 4, addresses, listenerFailures: { b: 'port 8081 is in use' } })).toEqual(['True/Programmed', 'True/Programmed', 'False/Invalid']);
  });
  it('reports a Gateway-level failure on the Gateway and every listener', () => {
    expect(programmed({ observedGeneration: 4, addresses: [], failure: { reason: 'NoResources', message: 'no ports left' } })).toEqual(['False/NoResources', 'False/Invalid', 'False/Invalid']);
  });
  it('stamps observedGeneration on every condition', () => {
    const s = computeGatewayStatus(gateway, undefined, new Map([['infra/gw/a', 3]]));
    expect(s.listeners[0]?.attachedRoutes).toBe(3);
    expect([...s.conditions, ...s.listeners.flatMap((l) => l.conditions)].every((c) => c.observedGeneration === 4)).toBe(true);
  });
});
