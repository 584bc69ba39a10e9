import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache } from '@/server/graph/graph-cache';
import { buildSnapshot, type ResourceSnapshot } from '@/server/graph/resource-snapshot';

const G = 'gateway.networking.k8s.io';
const obj = (kind: string, namespace: string | undefined, name: string, rest: Partial<K8sObject> = {}): K8sObject => ({
  apiVersion: kind === 'Service' || kind === 'Namespace' ? 'v1' : kind === 'ReferenceGrant' ? `${G}/v1beta1` : `${G}/v1`,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1 },
  ...rest,
});
const route = (name: string, backend: { name: string; namespace?: string }) =>
  obj('HTTPRoute', 'app', name, { spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [{ backendRefs: [{ ...backend, port: 8080 }] }] } });

const world = (extra: K8sObject[] = []): ResourceSnapshot =>
  buildSnapshot([
    obj('GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } }),
    obj('Gateway', 'infra', 'gw', { spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] } }),
    obj('Service', 'app', 'local', { spec: { ports: [{ port: 8080 }] } }),
    obj('Service', 'shared', 'remote', { spec: { ports: [{ port: 8080 }] } }),
    ...extra,
  ]);
const grant = obj('ReferenceGrant', 'shared', 'let-app-in', { spec: { from: [{ group: G, kind: 'HTTPRoute', namespace: 'app' }], to: [{ group: '', kind: 'Service' }] } });

describe('buildGraph with a GraphCache', () => {
  it('validates an unchanged route object once and a replaced one again', () => {
    const cache = createGraphCache();
    const a = route('a', { name: 'local' });
    const b = route('b', { name: 'local' });
    const first = buildGraph(world([a, b]), { cache });
    const bEdited: K8sObject = { ...structuredClone(b), metadata: { ...b.metadata, generation: 2 } };
    const second = buildGraph(world([a, bEdited]), { cache });
    const rule = (g: typeof first, name: string) => g.routes.find((r) => r.name === name)!.rules[0]!;
    expect(rule(second, 'a').http).toBe(rule(first, 'a').http);
    expect(rule(second, 'b').http).not.toBe(rule(first, 'b').http);
    expect(second).toEqual(buildGraph(world([a, bEdited])));
  });

  it('resolves backends again every build: a grant coming and going changes the verdict, not the cached parse', () => {
    const cache = createGraphCache();
    const r = route('r', { name: 'remote', namespace: 'shared' });
    const denied = buildGraph(world([r]), { cache });
    const allowed = buildGraph(world([r, grant]), { cache });
    const deniedAgain = buildGraph(world([r]), { cache });
    expect(denied.routes[0]!.rules[0]!.backends[0]!.problem?.reason).toBe('RefNotPermitted');
    expect(allowed.routes[0]!.rules[0]!.backends[0]!.problem).toBeUndefined();
    expect(allowed.routes[0]!.rules[0]!.backends[0]!.serviceKey).toBe('shared/remote');
    expect(deniedAgain).toEqual(denied);
    expect(allowed).toEqual(buildGraph(world([r, grant])));
  });

  it('never changes a graph it built earlier', () => {
    const cache = createGraphCache();
    const r = route('r', { name: 'remote', namespace: 'shared' });
    const first = buildGraph(world([r, grant]), { cache });
    const copy = structuredClone(first);
    buildGraph(world([r]), { cache });
    buildGraph(world([r, grant]), { cache });
    expect(first).toEqual(copy);
    expect(first.routes[0]!.rules[0]!.backends).toHaveLength(1);
  });

  it('is keyed by kind as well as object', () => {
    const cache = createGraphCache();
    const r = route('r', { name: 'local' });
    const asGrpc: ResourceSnapshot = { ...world(), grpcRoutes: [r] };
    buildGraph(world([r]), { cache });
    expect(buildGraph(asGrpc, { cache })).toEqual(buildGraph(asGrpc));
  });
});
