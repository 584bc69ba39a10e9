import { describe, expect, it } from 'vitest';
import { explainParents } from '@/components/apps/explain-parent-status';
import { judgeListeners } from '@/components/apps/attachable-listeners';
import type { GatewayObject, RouteObject } from '@/components/apps/route-types';

const gateway: GatewayObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'public', namespace: 'infra' },
  spec: {
    listeners: [
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
      { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.demo.portico.local', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'web' } } } } },
      { name: 'internal', port: 8080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      { name: 'tls', port: 9443, protocol: 'TLS', allowedRoutes: { namespaces: { from: 'All' } } },
    ],
  },
};
const gateways = new Map([['infra/public', gateway]]);

function route(sectionName: string | undefined, conditions: { type: string; status: string; reason?: string; message?: string }[] | null, hostnames = ['new.demo.portico.local']): RouteObject {
  const parentRef = { name: 'public', namespace: 'infra', ...(sectionName ? { sectionName } : {}) };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'r', namespace: 'team-a', generation: 1 },
    spec: { parentRefs: [parentRef], hostnames },
    status: conditions ? { parents: [{ parentRef, conditions: conditions.map((c) => ({ ...c, observedGeneration: 1 })) }] } : undefined,
  };
}

describe('judgeListeners', () => {
  const cases: [string, Record<string, string> | undefined, string, boolean, RegExp][] = [
    ['http', {}, 'team-a', true, /every namespace/],
    ['https', { team: 'web' }, 'team-a', true, /labelled team=web, which team-a is/],
    ['https', { team: 'shop' }, 'team-a', false, /only accepts routes from namespaces labelled team=web; namespace team-a is not/],
    ['https', undefined, 'team-a', false, /could not be read/],
    ['internal', {}, 'team-a', false, /own namespace infra; this route is in team-a/],
    ['internal', {}, 'infra', true, /own namespace infra/],
    ['tls', {}, 'team-a', false, /accepts only other route kinds; this is a HTTPRoute/],
  ];
  for (const [listener, labels, ns, allowed, why] of cases) {
    it(`${listener} for ${ns} ${JSON.stringify(labels)}`, () => {
      const v = judgeListeners(gateway, 'HTTPRoute', ns, labels).find((x) => x.listener.name === listener);
      expect(v?.allowed).toBe(allowed);
      expect(v?.why).toMatch(why);
    });
  }
});

describe('explainParents', () => {
  const cases: { name: string; route: RouteObject; labels?: Record<string, string>; state: string; headline: RegExp; detail?: RegExp }[] = [
    { name: 'accepted lists the listeners and hostnames', route: route(undefined, [{ type: 'Accepted', status: 'True', reason: 'Accepted' }, { type: 'ResolvedRefs', status: 'True' }]), labels: {}, state: 'attached', headline: /^Attached to Gateway infra\/public/, detail: /listener http \(HTTP port 80\) for new\.demo\.portico\.local/ },
    { name: 'not allowed by the selector, said in words', route: route('https', [{ type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners', message: 'm' }]), labels: { team: 'shop' }, state: 'refused', headline: /no listener of Gateway infra\/public accepts/, detail: /listener https only accepts routes from namespaces labelled team=web; namespace team-a is not/ },
    { name: 'hostname mismatch names the listener hostname', route: route('https', [{ type: 'Accepted', status: 'False', reason: 'NoMatchingListenerHostname' }], ['shop.example.com']), labels: { team: 'web' }, state: 'refused', headline: /hostnames do not match/, detail: /serves \*\.demo\.portico\.local; none of this route's hostnames \(shop\.example\.com\)/ },
    { name: 'ref not permitted is degraded, explained', route: route(undefined, [{ type: 'Accepted', status: 'True' }, { type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted', message: 'backend team-b/payments' }]), labels: {}, state: 'degraded', headline: /some backends cannot be used/, detail: /no ReferenceGrant/ },
    { name: 'no status yet is pending', route: route(undefined, null), state: 'pending', headline: /Waiting for the controller/ },
    { name: 'unknown gateway', route: { ...route(undefined, null), spec: { parentRefs: [{ name: 'nope', namespace: 'infra' }] } }, state: 'refused', headline: /infra\/nope was not found/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [e] = explainParents(c.route, { kind: 'HTTPRoute', gateways, namespaceLabels: c.labels });
      expect(e?.state).toBe(c.state);
      expect(e?.headline).toMatch(c.headline);
      if (c.detail) expect(e?.details.join('\n')).toMatch(c.detail);
    });
  }

  it('a condition for an older generation is reported as pending', () => {
    const r = route(undefined, [{ type: 'Accepted', status: 'True' }]);
    r.metadata.generation = 2;
    expect(explainParents(r, { kind: 'HTTPRoute', gateways })[0]?.state).toBe('pending');
  });
});
