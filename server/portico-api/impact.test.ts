import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { computeGatewayImpact } from '@/server/portico-api/gateway-impact';
import { computeReferenceGrantImpact } from '@/server/portico-api/reference-grant-impact';

const G = 'gateway.networking.k8s.io';
const obj = (kind: string, namespace: string | undefined, name: string, rest: Partial<K8sObject> = {}): K8sObject => ({
  apiVersion: kind === 'Service' || kind === 'Namespace' ? 'v1' : `${G}/v1`,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1 },
  ...rest,
});
const ns = (name: string, labels: Record<string, string> = {}) => obj('Namespace', undefined, name, { metadata: { name, labels } });

const listeners = [
  { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'web-only', port: 81, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'web' } } } } },
];
const gateway = (ls: unknown[] = listeners, className = 'portico') => obj('Gateway', 'infra', 'gw', { spec: { gatewayClassName: className, listeners: ls } });
const route = (namespace: string, name: string, backends: Record<string, unknown>[] = [{ name: 'svc', port: 80 }]) =>
  obj('HTTPRoute', namespace, name, { spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [{ backendRefs: backends }] } });
const grant = (namespace: string, name: string, fromNs: string, to: Record<string, string> = { group: '', kind: 'Service' }) =>
  obj('ReferenceGrant', namespace, name, { spec: { from: [{ group: G, kind: 'HTTPRoute', namespace: fromNs }], to: [to] } });

const base = [
  obj('GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } }),
  ns('infra'),
  ns('team-a', { team: 'web' }),
  ns('team-b'),
  obj('Service', 'team-a', 'svc', { spec: { ports: [{ port: 80 }] } }),
  obj('Service', 'team-b', 'payments', { spec: { ports: [{ port: 80 }] } }),
];

describe('computeReferenceGrantImpact', () => {
  const crossRoute = route('team-a', 'shop', [{ name: 'payments', namespace: 'team-b', port: 80 }]);
  const localRoute = route('team-b', 'local', [{ name: 'payments', port: 80 }]);

  it('lists the references a grant permits, and that they break without it', () => {
    const g = grant('team-b', 'pay', 'team-a', { group: '', kind: 'Service', name: 'payments' });
    const impact = computeReferenceGrantImpact(buildSnapshot([...base, gateway(), crossRoute, localRoute, g]), g);
    const entry = { kind: 'HTTPRoute', namespace: 'team-a', name: 'shop', references: [{ group: '', kind: 'Service', namespace: 'team-b', name: 'payments', field: 'spec.rules[0].backendRefs[0]' }] };
    expect(impact.enabled).toEqual([entry]);
    expect(impact.breaksIfDeleted).toEqual([entry]);
  });

  it('breaks nothing when another grant permits the same reference', () => {
    const g = grant('team-b', 'pay', 'team-a', { group: '', kind: 'Service', name: 'payments' });
    const wide = grant('team-b', 'all-services', 'team-a');
    const impact = computeReferenceGrantImpact(buildSnapshot([...base, gateway(), crossRoute, g, wide]), g);
    expect(impact.enabled).toHaveLength(1);
    expect(impact.breaksIfDeleted).toEqual([]);
  });

  it('previews a proposed grant that is not in the snapshot yet', () => {
    const proposed = grant('team-b', 'new', 'team-a');
    expect(computeReferenceGrantImpact(buildSnapshot([...base, gateway(), crossRoute]), proposed).enabled.map((e) => e.name)).toEqual(['shop']);
  });

  it('ignores grants for other namespaces, kinds or names', () => {
    const snapshot = buildSnapshot([...base, gateway(), crossRoute]);
    for (const g of [grant('team-b', 'x', 'team-c'), grant('team-b', 'y', 'team-a', { group: '', kind: 'Secret' }), grant('team-b', 'z', 'team-a', { group: '', kind: 'Service', name: 'other' }), grant('team-a', 'w', 'team-a')]) {
      expect(computeReferenceGrantImpact(snapshot, g).enabled).toEqual([]);
    }
  });

  it('covers a Gateway certificate in another namespace', () => {
    const gw = gateway([{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert', namespace: 'certs' }] } }]);
    const g = obj('ReferenceGrant', 'certs', 'gw-certs', { spec: { from: [{ group: G, kind: 'Gateway', namespace: 'infra' }], to: [{ group: '', kind: 'Secret' }] } });
    const impact = computeReferenceGrantImpact(buildSnapshot([...base, ns('certs'), gw, g]), g);
    expect(impact.breaksIfDeleted).toEqual([
      { kind: 'Gateway', namespace: 'infra', name: 'gw', references: [{ group: '', kind: 'Secret', namespace: 'certs', name: 'cert', field: 'spec.listeners[0].tls.certificateRefs[0]' }] },
    ]);
  });
});

describe('computeGatewayImpact', () => {
  const routes = [route('team-a', 'shop'), route('team-b', 'pay')];
  const snapshot = buildSnapshot([...base, gateway(), ...routes]);

  it('reports nothing for an unchanged Gateway', () => {
    const impact = computeGatewayImpact(snapshot, gateway());
    expect(impact).toMatchObject({ managed: true, detached: [], attached: [] });
    expect(impact.listeners.map((l) => [l.name, l.accepted])).toEqual([['http', true], ['web-only', true]]);
  });

  it('lists routes that lose a listener when allowedRoutes narrows', () => {
    const narrowed = gateway([{ ...listeners[0], allowedRoutes: { namespaces: { from: 'Same' } } }, listeners[1]]);
    const impact = computeGatewayImpact(snapshot, narrowed);
    expect(impact.detached).toEqual([
      { kind: 'HTTPRoute', namespace: 'team-a', name: 'shop', before: ['http', 'web-only'], after: ['web-only'], fully: false },
      { kind: 'HTTPRoute', namespace: 'team-b', name: 'pay', before: ['http'], after: [], fully: true },
    ]);
    expect(impact.attached).toEqual([]);
  });

  it('lists routes that gain a listener, and everything detaches when the class is not ours', () => {
    const widened = gateway([listeners[0], { ...listeners[1], allowedRoutes: { namespaces: { from: 'All' } } }]);
    expect(computeGatewayImpact(snapshot, widened).attached.map((c) => [c.name, c.after])).toEqual([['pay', ['http', 'web-only']]]);
    const foreign = computeGatewayImpact(snapshot, gateway(listeners, 'someone-else'));
    expect(foreign.managed).toBe(false);
    expect(foreign.detached.map((c) => c.fully)).toEqual([true, true]);
  });

  it('predicts listener problems and routes attaching to a Gateway not created yet', () => {
    const fresh = computeGatewayImpact(buildSnapshot([...base, ...routes]), gateway([{ name: 'tls', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'missing' }] } }]));
    expect(fresh.detached).toEqual([]);
    expect(fresh.listeners[0]).toMatchObject({ name: 'tls', problem: { type: 'ResolvedRefs', reason: 'InvalidCertificateRef' } });
  });
});
