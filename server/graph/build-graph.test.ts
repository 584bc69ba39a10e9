import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';

const G = 'gateway.networking.k8s.io';
const obj = (kind: string, namespace: string | undefined, name: string, rest: Partial<K8sObject> = {}): K8sObject => ({
  apiVersion: kind === 'Service' || kind === 'Namespace' ? 'v1' : `${G}/v1`,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1 },
  ...rest,
});

const base = [
  obj('GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } }),
  obj('Gateway', 'infra', 'gw', {
    spec: {
      gatewayClassName: 'portico',
      listeners: [
        { name: 'a', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'b', port: 80, protocol: 'HTTP', hostname: 'exact.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  }),
  obj('Service', 'app', 'svc', { spec: { ports: [{ port: 8080, appProtocol: 'kubernetes.io/h2c' }] } }),
  obj('EndpointSlice', 'app', 'svc-2', { metadata: { name: 'svc-2', namespace: 'app', labels: { 'kubernetes.io/service-name': 'svc' } } }),
  obj('EndpointSlice', 'app', 'svc-1', { metadata: { name: 'svc-1', namespace: 'app', labels: { 'kubernetes.io/service-name': 'svc' } } }),
];

describe('buildGraph', () => {
  it('binds a route to every listener whose hostname intersects, with the intersected hostnames', () => {
    const route = obj('HTTPRoute', 'app', 'r', {
      spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], hostnames: ['exact.example.com', 'other.example.com'], rules: [{ backendRefs: [{ name: 'svc', port: 8080, weight: 3 }] }] },
    });
    const graph = buildGraph(buildSnapshot([...base, route]));
    const [node] = graph.routes;
    expect(node?.parents[0]?.listeners).toEqual([
      { listenerName: 'a', hostnames: ['exact.example.com', 'other.example.com'] },
      { listenerName: 'b', hostnames: ['exact.example.com'] },
    ]);
    expect(node?.rules[0]?.backends).toEqual([{ group: '', kind: 'Service', namespace: 'app', name: 'svc', port: 8080, weight: 3, serviceKey: 'app/svc', appProtocol: 'kubernetes.io/h2c' }]);
    expect(node?.rules[0]?.http?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    expect(graph.endpointSlicesByService.get('app/svc')?.map((s) => s.metadata.name)).toEqual(['svc-1', 'svc-2']);
  });

  it('leaves out routes with no parent of ours, and Gateways of classes that are not ours', () => {
    const foreignGw = obj('Gateway', 'infra', 'foreign', { spec: { gatewayClassName: 'other', listeners: [{ name: 'a', port: 80, protocol: 'HTTP' }] } });
    const route = obj('HTTPRoute', 'app', 'r', { spec: { parentRefs: [{ name: 'foreign', namespace: 'infra' }, { kind: 'Service', group: '', name: 'svc' }] } });
    const graph = buildGraph(buildSnapshot([...base, foreignGw, route]));
    expect(graph.gateways.map((g) => g.key)).toEqual(['infra/gw']);
    expect(graph.routes).toEqual([]);
  });

  it('survives objects of any shape: each broken object only affects its own verdicts', () => {
    const broken = [
      obj('Gateway', 'infra', 'no-spec', { spec: { gatewayClassName: 'portico' } }),
      obj('Gateway', 'infra', 'garbage-listeners', { spec: { gatewayClassName: 'portico', listeners: [42, { name: 'x' }] } }),
      obj('HTTPRoute', 'app', 'null-spec', { spec: null }),
      obj('HTTPRoute', 'app', 'garbage-rules', { spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }, 'nonsense'], rules: 'all of them' } }),
      obj('GRPCRoute', 'app', 'garbage-rule', { spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [null, { matches: [{ method: {} }] }] } }),
      obj('ReferenceGrant', 'app', 'empty', { spec: {} }),
      obj('Secret', 'infra', 'weird', { type: 'kubernetes.io/tls', data: 'not a map' }),
    ];
    const graph = buildGraph(buildSnapshot([...base, ...broken]));
    const gw = (name: string) => graph.gateways.find((g) => g.name === name);
    expect(gw('gw')?.specProblem).toBeUndefined();
    expect(gw('no-spec')?.specProblem?.reason).toBe('Invalid');
    expect(gw('garbage-listeners')?.listeners.map((l) => [l.name, l.accepted.reason])).toEqual([
      ['listener-0', 'UnsupportedValue'],
      ['x', 'UnsupportedValue'],
    ]);
    const route = (name: string) => graph.routes.find((r) => r.name === name);
    expect(route('null-spec')).toBeUndefined();
    expect(route('garbage-rules')?.parents.map((p) => p.accepted.reason)).toEqual(['UnsupportedValue']);
    expect(route('garbage-rule')?.parents.map((p) => p.accepted.reason)).toEqual(['UnsupportedValue']);
  });
});
