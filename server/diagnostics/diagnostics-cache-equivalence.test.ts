import { describe, expect, it } from 'vitest';
import type { IrVirtualHost } from '@/lib/ir/listener';
import type { IrHttpMatch } from '@/lib/ir/match';
import type { IrRoute } from '@/lib/ir/route';
import { IR_SCHEMA_VERSION, type RoutingSnapshot } from '@/lib/ir/snapshot';
import type { K8sObject } from '@/lib/k8s/object';
import { analyzeRoutes } from '@/server/diagnostics/analyze-routes';
import { createDiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';
import type { RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache } from '@/server/graph/graph-cache';
import { compareRouteOrder } from '@/server/graph/graph-reuse';
import type { Graph, RouteNode } from '@/server/graph/graph-types';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * The diagnostics cache (shadow index, hostname-claim index) must never change a finding: seeded
 * random walks of edits, each step analysed through one lifetime cache and compared with a fresh
 * uncached analysis. First through the real pipeline (graph and translate caches keep objects as
 * the controller sees them); then on hand-made IR and graphs, with edits the translator never
 * makes (a virtual host object moved to or repeated in another listener, listener names repeated,
 * route keys duplicated), where only exactness can save the cache.
 */
const G = 'gateway.networking.k8s.io';
const NAMESPACES = ['a', 'b', 'c'];
const HOSTS = [['a.example.com'], ['b.example.com'], ['a.example.com', 'c.example.com'], ['*.example.com'], ['x.other.org'], []];
const PATHS: IrHttpMatch['path'][] = [
  { type: 'PathPrefix', value: '/' },
  { type: 'PathPrefix', value: '/p0' },
  { type: 'PathPrefix', value: '/p0/x' },
  { type: 'Exact', value: '/p0/x' },
  { type: 'Exact', value: '/p1' },
  { type: 'RegularExpression', value: '/p.*' },
];

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const obj = (apiVersion: string, kind: string, namespace: string | undefined, name: string, rest: Record<string, unknown>): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1, creationTimestamp: `2026-01-01T00:00:0${name.length % 10}Z` },
  ...rest,
});

const count = (diagnostics: readonly RouteDiagnostics[], type: string) => diagnostics.reduce((n, d) => n + d.findings.filter((f) => f.type === type).length, 0);

describe('diagnostics cache over the real pipeline', () => {
  const base = (): K8sObject[] => [
    obj(`${G}/v1`, 'GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } }),
    obj(`${G}/v1`, 'Gateway', 'infra', 'open', {
      spec: {
        gatewayClassName: 'portico',
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'web', port: 81, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    }),
    obj(`${G}/v1`, 'Gateway', 'infra', 'other', { spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 82, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] } }),
    ...NAMESPACES.flatMap((ns) => [obj('v1', 'Namespace', undefined, ns, {}), obj('v1', 'Service', ns, 's', { spec: { ports: [{ name: 'http', port: 8080 }] } })]),
  ];
  const route = (name: string, rng: () => number, hostnames?: string[]): K8sObject => {
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
    const match = () => ({ path: pick(PATHS), ...(rng() < 0.2 ? { headers: [{ name: 'x', value: '1' }] } : {}) });
    return obj(`${G}/v1`, 'HTTPRoute', pick(NAMESPACES), name, {
      spec: {
        parentRefs: [{ name: pick(['open', 'open', 'other']), namespace: 'infra', ...(rng() < 0.2 ? { sectionName: pick(['http', 'web']) } : {}) }, ...(rng() < 0.2 ? [{ name: 'other', namespace: 'infra' }] : [])],
        hostnames: hostnames ?? pick(HOSTS),
        rules: Array.from({ length: 1 + Math.floor(rng() * 3) }, () => ({ matches: Array.from({ length: 1 + Math.floor(rng() * 2) }, match), backendRefs: [{ name: 's', port: 8080 }] })),
      },
    });
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i', (seed) => {
    const rng = mulberry32(seed);
    let routes = Array.from({ length: 14 }, (_, i) => route(`r${i}`, rng));
    const graphCache = createGraphCache();
    const translateCache = createTranslateCache();
    const cache = createDiagnosticsCache();
    let [shadowed, collisions] = [0, 0];
    for (let step = 0; step < 100; step++) {
      routes = [...routes];
      const k = Math.floor(rng() * routes.length);
      const what = rng();
      if (what < 0.2) routes.push(route(`n${step}`, rng, rng() < 0.5 ? [`h${step}.example.com`] : undefined));
      else if (what < 0.35 && routes.length > 2) routes.splice(k, 1);
      else if (what < 0.75) routes[k] = { ...route(routes[k]!.metadata.name!, rng), metadata: routes[k]!.metadata };
      else if (what < 0.9) routes[k] = { ...routes[k]!, spec: { ...(routes[k]!.spec as object), hostnames: rng() < 0.5 ? [`h${step}.example.com`] : HOSTS[step % HOSTS.length] } };
      // else: nothing changed (a resync)
      const snapshot = buildSnapshot([...base(), ...routes]);
      const graph = buildGraph(snapshot, { cache: graphCache });
      const cached = analyzeRoutes(translateGraph(graph, { cache: translateCache }), graph, cache);
      const fresh = analyzeRoutes(translateGraph(buildGraph(snapshot)), buildGraph(snapshot));
      expect(cached, `seed ${seed}, step ${step}`).toEqual(fresh);
      shadowed += count(fresh, 'ShadowedRule');
      collisions += count(fresh, 'HostnameCollision');
    }
    // The walk is made so that both kinds of finding come and go.
    expect(shadowed).toBeGreaterThan(0);
    expect(collisions).toBeGreaterThan(0);
  });
});

describe('diagnostics cache over hand-made IR and graphs', () => {
  /** Rule `HTTPRoute/<ns>/r<i>/<rule>`, entries per match; one shape per id, as the translator makes them. */
  const entry = (i: number, rule: number, match: number): IrRoute => {
    const ns = NAMESPACES[i % 3]!;
    const source = { kind: 'HTTPRoute' as const, namespace: ns, name: `r${i}`, ruleIndex: rule, matchIndex: match, ...(rule === 1 ? { ruleName: 'named' } : {}) };
    const path = PATHS[(i * 7 + rule * 3 + match) % PATHS.length]!;
    const rid = `HTTPRoute/${ns}/r${i}/${rule}`;
    return { kind: 'HTTPRoute', id: `${rid}/${match}`, rule: rid, source, match: { path, headers: [], queryParams: [] } };
  };
  const vhost = (rng: () => number): IrVirtualHost => ({
    hostname: ['a.example.com', 'b.example.com', '*.example.com', '*'][Math.floor(rng() * 4)]!,
    routes: Array.from({ length: Math.floor(rng() * 6) }, () => entry(Math.floor(rng() * 8), Math.floor(rng() * 2), Math.floor(rng() * 2))),
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('shadowed rules, seed %i', (seed) => {
    const rng = mulberry32(seed);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
    let listeners = ['gw/l0', 'gw/l1', 'gw/l2'].map((name) => ({ name, vhosts: Array.from({ length: 3 }, () => vhost(rng)) }));
    const cache = createDiagnosticsCache();
    let shadowed = 0;
    for (let step = 0; step < 150; step++) {
      listeners = listeners.map((l) => ({ ...l, vhosts: [...l.vhosts] }));
      const l = pick(listeners);
      const what = rng();
      if (what < 0.3) l.vhosts.push(vhost(rng));
      else if (what < 0.45 && l.vhosts.length > 0) l.vhosts.splice(Math.floor(rng() * l.vhosts.length), 1);
      else if (what < 0.65 && l.vhosts.length > 0) l.vhosts[Math.floor(rng() * l.vhosts.length)] = vhost(rng);
      else if (what < 0.75) pick(listeners).vhosts.push(pick(listeners.flatMap((x) => x.vhosts).concat(vhost(rng)))); // the same object again
      else if (what < 0.8) listeners.push({ name: pick(['gw/l0', 'gw/l3']), vhosts: [vhost(rng)] }); // a name repeated, or new
      else if (what < 0.85 && listeners.length > 1) listeners.splice(Math.floor(rng() * listeners.length), 1);
      else if (what < 0.9) listeners.reverse();
      const snapshot: RoutingSnapshot = {
        schemaVersion: IR_SCHEMA_VERSION,
        version: '0000000000000000',
        certificates: [],
        listeners: listeners.map((x) => ({
          name: x.name,
          gateway: { namespace: 'infra', name: 'gw' },
          listenerName: x.name,
          addresses: ['127.0.0.1'],
          port: 80,
          protocol: 'HTTP' as const,
          rules: [],
          virtualHosts: x.vhosts,
        })),
      };
      const fresh = analyzeRoutes(snapshot);
      expect(analyzeRoutes(snapshot, undefined, cache), `seed ${seed}, step ${step}`).toEqual(fresh);
      shadowed += count(fresh, 'ShadowedRule');
    }
    expect(shadowed).toBeGreaterThan(0);
  });

  /** Only what hostname claims read of a route node (parents, accepted, listeners, hostnames). */
  const node = (i: number, rng: () => number): RouteNode => {
    const ns = NAMESPACES[Math.floor(rng() * 3)]!;
    const parents = Array.from({ length: 1 + Math.floor(rng() * 2) }, () => ({
      gatewayKey: 'infra/gw',
      accepted: { status: rng() < 0.85 ? 'True' : 'False' },
      listeners: Array.from({ length: 1 + Math.floor(rng() * 2) }, () => ({ listenerName: rng() < 0.5 ? 'http' : 'web', hostnames: [['a.example.com', 'b.example.com', '*.example.com', '*'][Math.floor(rng() * 4)]!] })),
    }));
    return { kind: 'HTTPRoute', namespace: ns, name: `r${i}`, key: `${ns}/r${i}`, parents } as unknown as RouteNode;
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('hostname collisions, seed %i', (seed) => {
    const rng = mulberry32(seed);
    let routes = Array.from({ length: 8 }, (_, i) => node(i, rng));
    const cache = createDiagnosticsCache();
    const snapshot: RoutingSnapshot = { schemaVersion: IR_SCHEMA_VERSION, version: '0000000000000000', certificates: [], listeners: [] };
    let collisions = 0;
    for (let step = 0; step < 150; step++) {
      routes = [...routes];
      const k = Math.floor(rng() * routes.length);
      const what = rng();
      if (what < 0.25) routes.push(node(100 + step, rng));
      else if (what < 0.4 && routes.length > 1) routes.splice(k, 1);
      else if (what < 0.7) routes[k] = { ...node(0, rng), namespace: routes[k]!.namespace, name: routes[k]!.name, key: routes[k]!.key };
      else if (what < 0.8) routes[k] = { ...routes[k]! }; // a new node claiming the same
      else if (what < 0.85) routes.push({ ...routes[k]! }); // a key twice (malformed: the index must rebuild)
      routes.sort(compareRouteOrder);
      const graph = { routes } as unknown as Graph;
      const fresh = analyzeRoutes(snapshot, graph);
      expect(analyzeRoutes(snapshot, graph, cache), `seed ${seed}, step ${step}`).toEqual(fresh);
      collisions += count(fresh, 'HostnameCollision');
      routes = routes.filter((r, i) => i === 0 || compareRouteOrder(routes[i - 1]!, r) !== 0);
    }
    expect(collisions).toBeGreaterThan(0);
  });

  it('starts over after an update that threw half-way', () => {
    const rng = mulberry32(99);
    const cache = createDiagnosticsCache();
    const listener = (vhosts: IrVirtualHost[]) => ({ name: 'gw/l0', gateway: { namespace: 'infra', name: 'gw' }, listenerName: 'l0', addresses: ['127.0.0.1'], port: 80, protocol: 'HTTP' as const, rules: [], virtualHosts: vhosts });
    const snap = (vhosts: IrVirtualHost[]): RoutingSnapshot => ({ schemaVersion: IR_SCHEMA_VERSION, version: '0000000000000000', certificates: [], listeners: [listener(vhosts)] });
    const kept = Array.from({ length: 6 }, () => vhost(rng));
    analyzeRoutes(snap(kept), undefined, cache);
    const broken = { hostname: 'x.example.com', get routes(): IrRoute[] { throw new Error('boom'); } };
    expect(() => analyzeRoutes(snap([...kept.slice(2), broken]), undefined, cache)).toThrow('boom');
    const next = snap([...kept.slice(1, 4), vhost(rng)]);
    expect(analyzeRoutes(next, undefined, cache)).toEqual(analyzeRoutes(next));
  });
});
