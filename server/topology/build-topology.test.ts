import { describe, expect, it } from 'vitest';
import { buildTopology } from '@/server/topology/build-topology';
import { demoTopologyInput, PAYMENTS_GRANT } from '@/server/topology/testing/demo-topology-input';

const STOREFRONT = 'rt:HTTPRoute/team-a/storefront';

describe('buildTopology', () => {
  it('is empty and not ready before the first reconcile', () => {
    expect(buildTopology(undefined)).toEqual({ nodes: [], edges: [], ready: false });
  });

  it('draws the demo chain: class -> Gateway -> listeners -> routes -> rules -> Services', () => {
    const topology = buildTopology(demoTopologyInput());
    const ids = topology.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'gc:portico',
        'gw:infra/public',
        'ls:infra/public/http',
        'ls:infra/public/https',
        STOREFRONT,
        'rt:HTTPRoute/team-b/payments',
        'rule:HTTPRoute/team-a/storefront/0',
        'rule:HTTPRoute/team-a/storefront/3',
        'svc:team-a/shop-v1',
        'svc:team-a/shop-v2',
        'svc:team-b/payments',
      ]),
    );
    const edge = (source: string, target: string) => topology.edges.find((e) => e.source === source && e.target === target);
    expect(edge('gc:portico', 'gw:infra/public')).toMatchObject({ kind: 'class' });
    expect(edge('gw:infra/public', 'ls:infra/public/http')).toMatchObject({ kind: 'listener', label: ':80' });
    expect(edge('ls:infra/public/http', STOREFRONT)).toMatchObject({ kind: 'attachment', label: 'http/80', status: 'accepted' });
    expect(edge(STOREFRONT, 'rule:HTTPRoute/team-a/storefront/3')).toMatchObject({ kind: 'rule', traffic: { rule: 'HTTPRoute/team-a/storefront/3' } });
  });

  it('labels backend edges with their weight, configured share and traffic key', () => {
    const topology = buildTopology(demoTopologyInput());
    const split = topology.edges.filter((e) => e.source === 'rule:HTTPRoute/team-a/storefront/3');
    expect(split.map((e) => ({ target: e.target, weight: e.weight, share: e.configuredShare, label: e.label, traffic: e.traffic }))).toEqual([
      { target: 'svc:team-a/shop-v1', weight: 80, share: 0.8, label: 'weight 80 (80%)', traffic: { rule: 'HTTPRoute/team-a/storefront/3', backend: 'team-a/shop-v1:80' } },
      { target: 'svc:team-a/shop-v2', weight: 20, share: 0.2, label: 'weight 20 (20%)', traffic: { rule: 'HTTPRoute/team-a/storefront/3', backend: 'team-a/shop-v2:80' } },
    ]);
  });

  it('sends a reference without a ReferenceGrant to a Missing node in error, with the reason', () => {
    const topology = buildTopology(demoTopologyInput());
    const pay = topology.edges.find((e) => e.source === 'rule:HTTPRoute/team-a/storefront/2' && e.kind === 'backend');
    expect(pay).toMatchObject({ target: 'missing:HTTPRoute/team-a/storefront/2/b0', status: 'error', reason: 'RefNotPermitted' });
    const missing = topology.nodes.find((n) => n.id === pay?.target);
    expect(missing).toMatchObject({ kind: 'Missing', status: 'error', summary: 'RefNotPermitted', label: 'Service team-b/payments' });
    expect(topology.nodes.find((n) => n.id === 'rule:HTTPRoute/team-a/storefront/2')).toMatchObject({ status: 'error', summary: 'RefNotPermitted', label: '/pay' });
    expect(topology.nodes.find((n) => n.id === STOREFRONT)).toMatchObject({ status: 'error', summary: 'RefNotPermitted' });
  });

  it('with the grant, the edge reaches the Service and the grant that permits it is drawn', () => {
    const topology = buildTopology(demoTopologyInput([PAYMENTS_GRANT]));
    const pay = topology.edges.find((e) => e.source === 'rule:HTTPRoute/team-a/storefront/2' && e.kind === 'backend');
    expect(pay).toMatchObject({ target: 'svc:team-b/payments', status: 'accepted' });
    expect(topology.nodes.some((n) => n.kind === 'Missing')).toBe(false);
    expect(topology.nodes.find((n) => n.id === 'rg:team-b/storefront-to-payments')).toMatchObject({ kind: 'ReferenceGrant', href: '/operator/reference-grants#team-b%2Fstorefront-to-payments' });
    expect(topology.edges.find((e) => e.kind === 'grant')).toMatchObject({
      source: 'rg:team-b/storefront-to-payments',
      target: 'svc:team-b/payments',
      label: 'permits HTTPRoutes from team-a',
    });
  });

  it('reports a backend that does not exist as BackendNotFound', () => {
    const topology = buildTopology(demoTopologyInput([], (o) => o.kind === 'Service' && o.metadata.name === 'shop-v2'));
    const broken = topology.edges.filter((e) => e.reason === 'BackendNotFound').map((e) => e.id);
    expect(broken).toEqual(['backend:HTTPRoute/team-a/storefront/0/b0', 'backend:HTTPRoute/team-a/storefront/3/b1']);
  });

  it('keeps node ids stable and the output deterministic', () => {
    expect(JSON.stringify(buildTopology(demoTopologyInput()))).toBe(JSON.stringify(buildTopology(demoTopologyInput())));
  });

  it('marks a parentRef that no listener accepts as an error edge from the Gateway', () => {
    const input = demoTopologyInput([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'lost', namespace: 'team-a' },
        spec: { parentRefs: [{ name: 'public', namespace: 'infra', sectionName: 'nope' }], rules: [{ backendRefs: [{ name: 'shop-v1', port: 80 }] }] },
      },
    ]);
    const edge = buildTopology(input).edges.find((e) => e.target === 'rt:HTTPRoute/team-a/lost' && e.kind === 'attachment');
    expect(edge).toMatchObject({ source: 'gw:infra/public', status: 'error', reason: 'NoMatchingParent', label: 'nope' });
  });
});
