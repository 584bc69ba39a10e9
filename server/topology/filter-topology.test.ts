import { describe, expect, it } from 'vitest';
import { buildTopology } from '@/server/topology/build-topology';
import { filterTopology } from '@/server/topology/filter-topology';
import { demoTopologyInput, PAYMENTS_GRANT } from '@/server/topology/testing/demo-topology-input';
import type { NodeAccess } from '@/server/topology/topology-types';

/** The demo's application developer: routes, Services and grants in team-a, Gateways anywhere; no classes. */
const ana = (a: NodeAccess) => a.resource === 'gateways' || (a.namespace === 'team-a' && ['httproutes', 'services', 'referencegrants'].includes(a.resource));
const everyone = () => true;

describe('filterTopology', () => {
  it('shows everything to a caller who may read everything, with no placeholders', () => {
    const model = filterTopology(buildTopology(demoTopologyInput()), everyone);
    expect(model.nodes.some((n) => n.kind === 'Hidden')).toBe(false);
    expect(model.namespaces).toEqual(['infra', 'team-a', 'team-b']);
    expect(model.gateways).toEqual(['infra/public']);
    expect(model.ready).toBe(true);
    expect(model.nodes.every((n) => !('access' in n) && !('object' in n))).toBe(true);
  });

  it('folds what the caller may not read into counted placeholders that never name it', () => {
    const model = filterTopology(buildTopology(demoTopologyInput([PAYMENTS_GRANT])), ana);
    const hidden = model.nodes.filter((n) => n.kind === 'Hidden');
    // cluster: the GatewayClass; team-b: HTTPRoute payments, Service payments, the ReferenceGrant.
    expect(hidden.map((n) => [n.id, n.hiddenCount, n.label])).toEqual([
      ['hidden:(cluster)', 1, '1 hidden object (cluster-scoped)'],
      ['hidden:team-b', 3, '3 hidden objects in namespace team-b'],
    ]);
    const json = JSON.stringify(model);
    expect(json).not.toContain('portico.dev/gateway-controller');
    expect(json).not.toContain('pay.demo.portico.local');
    expect(json).not.toContain('storefront-to-payments');
    expect(json).not.toContain('rt:HTTPRoute/team-b');
    expect(json).not.toContain('svc:team-b');
    // Her own route's rule still reaches team-b, through the placeholder, with her route's weight.
    expect(model.edges.find((e) => e.source === 'rule:HTTPRoute/team-a/storefront/2')).toMatchObject({ target: 'hidden:team-b', status: 'accepted', label: 'weight 1 (100%)' });
    // Edges whose text came from a hidden object keep none of it.
    expect(model.edges.find((e) => e.source === 'hidden:(cluster)')).toEqual({ id: 'class:hidden:(cluster)->gw:infra/public', source: 'hidden:(cluster)', target: 'gw:infra/public', kind: 'class', status: 'accepted' });
    expect(model.edges.every((e) => model.nodes.some((n) => n.id === e.source) && model.nodes.some((n) => n.id === e.target))).toBe(true);
  });

  it('filters by namespace after RBAC', () => {
    const model = filterTopology(buildTopology(demoTopologyInput()), everyone, { namespace: 'team-a' });
    expect(new Set(model.nodes.map((n) => n.namespace))).toEqual(new Set(['team-a']));
    expect(model.nodes.map((n) => n.id)).toContain('rt:HTTPRoute/team-a/storefront');
    expect(model.edges.every((e) => e.source.includes('team-a') && e.target.includes('team-a'))).toBe(true);
  });

  it('filters by Gateway', () => {
    const full = buildTopology(demoTopologyInput());
    expect(filterTopology(full, everyone, { gateway: 'infra/public' }).nodes).toHaveLength(full.nodes.length);
    expect(filterTopology(full, everyone, { gateway: 'infra/other' }).nodes).toEqual([]);
  });

  it('keeps only problems and their edges when asked', () => {
    const model = filterTopology(buildTopology(demoTopologyInput()), everyone, { problemsOnly: true });
    expect(model.nodes.every((n) => n.status !== 'accepted' || model.edges.some((e) => e.status !== 'accepted' && (e.source === n.id || e.target === n.id)))).toBe(true);
    expect(model.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['rule:HTTPRoute/team-a/storefront/2', 'missing:HTTPRoute/team-a/storefront/2/b0']));
    expect(model.nodes.map((n) => n.id)).not.toContain('svc:team-a/shop-v1');
  });
});
