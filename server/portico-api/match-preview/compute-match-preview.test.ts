import { describe, expect, it } from 'vitest';
import { simulatedRequestSchema, type SimulatedRequestInput } from '@/lib/api/match-preview';
import type { IrListener } from '@/lib/ir/listener';
import { IR_SCHEMA_VERSION, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { sampleSnapshot } from '@/lib/ir/testdata/sample-snapshot';
import { computeMatchPreview, splitTarget } from './compute-match-preview';

const everyone = () => true;
const noFacts = () => undefined;

function preview(request: Omit<SimulatedRequestInput, 'gateway'>, options: { snapshot?: RoutingSnapshot; canRead?: (k: string, ns: string, n: string) => boolean; facts?: Parameters<typeof computeMatchPreview>[0]['routeFacts'] } = {}) {
  return computeMatchPreview({
    snapshot: options.snapshot ?? sampleSnapshot(),
    request: simulatedRequestSchema.parse({ gateway: { namespace: 'infra', name: 'public' }, ...request }),
    canReadRoute: options.canRead ?? everyone,
    routeFacts: options.facts ?? noFacts,
  });
}

const https = { scheme: 'https' as const, host: 'shop.example.com' };

/** Two prefix routes on one host: `/a` (team-a/specific) and `/` (team-b/fallback). */
function twoRoutes(): RoutingSnapshot {
  const route = (ns: string, name: string, prefix: string) => ({
    kind: 'HTTPRoute' as const,
    id: `HTTPRoute/${ns}/${name}/0/0`,
    rule: `HTTPRoute/${ns}/${name}/0`,
    source: { kind: 'HTTPRoute' as const, namespace: ns, name, ruleIndex: 0, matchIndex: 0 },
    match: { path: { type: 'PathPrefix' as const, value: prefix }, headers: [], queryParams: [] },
  });
  const rule = (ns: string, name: string) => ({
    id: `HTTPRoute/${ns}/${name}/0`,
    source: { kind: 'HTTPRoute' as const, namespace: ns, name, ruleIndex: 0 },
    filters: [],
    backends: [{ kind: 'service' as const, weight: 1, service: { namespace: ns, name, port: 80 }, protocol: 'http' as const, endpoints: [{ address: '127.0.0.1', port: 9000 }], filters: [] }],
  });
  const listener: IrListener = {
    name: 'infra/public/http',
    gateway: { namespace: 'infra', name: 'public' },
    listenerName: 'http',
    addresses: ['127.0.0.2'],
    port: 80,
    protocol: 'HTTP',
    rules: [rule('team-a', 'specific'), rule('team-b', 'fallback')],
    virtualHosts: [{ hostname: 'app.example.com', routes: [route('team-a', 'specific', '/a'), route('team-b', 'fallback', '/')] }],
  };
  return { schemaVersion: IR_SCHEMA_VERSION, version: '0123456789abcdef', listeners: [listener], certificates: [] };
}

describe('computeMatchPreview', () => {
  it('names the listener, winning rule, filters and backends, and why the other candidate lost', () => {
    const p = preview({ ...https, method: 'GET', path: '/shop/cart', headers: [{ name: 'X-Env', value: 'prod' }], query: 'page=2' });
    expect(p.listener?.name).toBe('infra/public/https');
    expect(p.listenerPort).toBe(443);
    expect(p.virtualHost).toBe('shop.example.com');
    expect(p.winner).toMatchObject({ route: { kind: 'HTTPRoute', namespace: 'team-a', name: 'shop' }, ruleIndex: 0, ruleName: 'main', matchIndex: 0 });
    expect(p.winner?.match).toBe('PathPrefix /shop, method GET, header x-env = "prod", query page ~ "[0-9]+"');
    expect(p.winner?.filters[1]).toBe('URLRewrite: ReplacePrefixMatch /');
    expect(p.winner?.backends).toEqual([
      { label: 'team-a/shop:8080', valid: true, weight: 90, sharePercent: 90, endpoints: 1 },
      expect.objectContaining({ valid: false, weight: 10, sharePercent: 10, reason: expect.stringContaining('RefNotPermitted') }),
    ]);
    expect(p.answer).toEqual({ kind: 'forward', summary: 'forwarded to team-a/shop:8080 (90%), invalid backend (RefNotPermitted) (10%: 500)' });
    expect(p.candidates).toEqual([
      { route: { kind: 'HTTPRoute', namespace: 'team-a', name: 'shop' }, ruleIndex: 1, matchIndex: 0, selected: false, failed: ['path'], reasons: ['path "/shop/cart" does not match Exact "/old"'] },
      { route: { kind: 'HTTPRoute', namespace: 'team-a', name: 'shop' }, ruleIndex: 0, matchIndex: 0, selected: true, failed: [], reasons: ['matches, and ranks first among the entries that match'] },
    ]);
  });

  it('explains each failed header and query matcher with what the request sent', () => {
    const p = preview({ ...https, method: 'POST', path: '/shop', headers: [{ name: 'x-env', value: 'dev' }], query: 'page=x' });
    expect(p.miss?.reason).toBe('no-route');
    expect(p.answer).toMatchObject({ kind: 'error', status: 404 });
    expect(p.candidates[1]?.reasons).toEqual([
      'method POST is not GET',
      'header x-env = "prod" does not hold: the request sends "dev"',
      'query page ~ "[0-9]+" does not hold: the request sends "x"',
    ]);
  });

  it('hides the name and spec of routes the caller may not read', () => {
    const p = preview({ ...https, method: 'POST', path: '/shop' }, { canRead: () => false });
    expect(p.candidates[1]?.route).toEqual({ kind: 'HTTPRoute', namespace: 'team-a' });
    expect(p.candidates[1]?.reasons).toEqual(['the method does not match', 'a header match does not hold', 'a query parameter match does not hold']);
    expect(JSON.stringify(p)).not.toContain('"shop"');
    const hit = preview({ ...https, path: '/shop', headers: [{ name: 'x-env', value: 'prod' }], query: 'page=1' }, { canRead: () => false });
    expect(hit.winner).toEqual({ route: { kind: 'HTTPRoute', namespace: 'team-a' }, ruleIndex: 0, matchIndex: 0, filters: [], backends: [] });
    expect(hit.answer.summary).not.toContain('team-a/shop');
  });

  it('predicts the 500 of a rule with an invalid filter', () => {
    expect(preview({ ...https, path: '/old' }).answer).toMatchObject({ kind: 'error', status: 500 });
  });

  it('says which precedence term decided between two matching entries', () => {
    const facts = () => ({ hostnames: ['app.example.com'], creationTimestamp: '2026-01-01T00:00:00Z' });
    const p = preview({ host: 'app.example.com', path: '/a/b' }, { snapshot: twoRoutes(), facts });
    expect(p.winner?.route.name).toBe('specific');
    expect(p.candidates[1]).toMatchObject({ route: { name: 'fallback' }, selected: false, failed: [], reasons: ['matches too, but the winner ranks first: it has a longer path value'] });
    const unknown = preview({ host: 'app.example.com', path: '/a/b' }, { snapshot: twoRoutes() });
    expect(unknown.candidates[1]?.reasons).toEqual(['matches too, but the winner comes first in precedence order']);
  });

  it('reports misses on host and Gateway', () => {
    expect(preview({ ...https, host: 'example.org' }).miss?.reason).toBe('no-listener-hostname');
    const none = computeMatchPreview({ snapshot: sampleSnapshot(), request: simulatedRequestSchema.parse({ gateway: { namespace: 'x', name: 'y' }, host: 'a' }), canReadRoute: everyone, routeFacts: noFacts });
    expect(none.miss?.reason).toBe('no-gateway-listeners');
    expect(none.candidates).toEqual([]);
  });

  it('picks the first listener of the scheme when no port is given', () => {
    expect(preview({ scheme: 'http', host: 'shop.example.com' }).listenerPort).toBe(443);
    expect(preview({ scheme: 'https', host: 'shop.example.com', listenerPort: 8443 }).miss?.reason).toBe('no-listener-port');
  });
});

describe('splitTarget', () => {
  it.each([
    ['/a/../b', '', '/b', ''],
    ['/a?x=1', 'y=2', '/a', 'x=1&y=2'],
    ['/a', '?y=2', '/a', 'y=2'],
    ['a//b', '', '/a/b', ''],
  ])('%s + %s', (path, query, expectedPath, expectedQuery) => {
    expect(splitTarget(path, query)).toEqual({ path: expectedPath, query: expectedQuery });
  });
});
