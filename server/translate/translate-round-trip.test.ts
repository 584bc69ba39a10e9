import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRouteTable, type RouteTable } from '@/lib/routing/compile-route-table';
import { compileBackendPicker } from '@/lib/routing/pick-backend';
import { routingRequestFrom } from '@/lib/routing/request';
import { isRouteMiss, selectRoute } from '@/lib/routing/select-route';
import { buildGraph } from '@/server/graph/build-graph';
import { parseGoldenCase } from '@/server/status/testing/golden-case';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * Round trip through every stage the proxy and the console preview use:
 * selectRoute(compileRouteTable(translateGraph(buildGraph(snapshot))), request) picks the rule
 * the specification says, for the golden inputs in testdata/.
 */
function tableFor(name: string): RouteTable {
  const text = readFileSync(fileURLToPath(new URL(`./testdata/${name}.in.yaml`, import.meta.url)), 'utf8');
  return compileRouteTable(translateGraph(buildGraph(parseGoldenCase(text, name).snapshot)));
}

interface Request {
  port?: number;
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  query?: string;
}

function serve(table: RouteTable, r: Request): string {
  const selection = selectRoute(table, {
    listenerAddress: '127.0.0.1', listenerPort: r.port ?? 80,
    host: r.host,
    ...routingRequestFrom({ path: r.path, method: r.method ?? 'GET', headers: r.headers ?? {}, query: r.query ?? '' }),
  });
  return isRouteMiss(selection) ? `miss:${selection.none}` : selection.route.id;
}

describe('translate round trip: precedence across routes sharing a hostname (§4.6)', () => {
  const table = tableFor('ir-precedence');
  it.each<[string, Request, string]>([
    ['Exact beats every prefix', { host: 'shop.example.com', path: '/cart' }, 'HTTPRoute/shop/route-a/2/0'],
    ['the longest prefix wins across routes', { host: 'shop.example.com', path: '/api/v2/items' }, 'HTTPRoute/shop/route-b/1/0'],
    ['a method match beats header and query matches', { host: 'shop.example.com', path: '/api/x', method: 'POST', headers: { 'x-canary': 'true' }, query: 'q=x' }, 'HTTPRoute/shop/route-b/0/1'],
    ['more headers beat more query params', { host: 'shop.example.com', path: '/api/x', headers: { 'X-Canary': 'true' }, query: 'q=x' }, 'HTTPRoute/shop/route-b/0/0'],
    ['a query match beats a bare prefix', { host: 'shop.example.com', path: '/api/x', query: 'q=x' }, 'HTTPRoute/shop/route-a/3/0'],
    ['equal matches: the older route wins', { host: 'shop.example.com', path: '/api' }, 'HTTPRoute/shop/route-b/2/0'],
    ['prefixes match whole segments only', { host: 'shop.example.com', path: '/apix' }, 'HTTPRoute/web/wildcard/0/1'],
    ['the longer regex wins', { host: 'shop.example.com', path: '/items/42/reviews' }, 'HTTPRoute/shop/route-b/3/0'],
    ['a regex matches the whole path', { host: 'shop.example.com', path: '/items/42' }, 'HTTPRoute/shop/route-a/0/0'],
    ['the wildcard route is the fallback for the exact host', { host: 'shop.example.com', path: '/other' }, 'HTTPRoute/web/wildcard/0/1'],
    ['other hosts see only the wildcard route', { host: 'www.example.com:80', path: '/cart' }, 'HTTPRoute/web/wildcard/0/0'],
    ['no route serves an unrelated host', { host: 'example.org', path: '/' }, 'miss:no-virtual-host'],
    ['no listener on another port', { port: 443, host: 'shop.example.com', path: '/' }, 'miss:no-listener-port'],
  ])('%s', (_why, request, expected) => {
    expect(serve(table, request)).toBe(expected);
  });
});

describe('translate round trip: weighted backends and filters (§5, §6)', () => {
  it('routes by prefix and splits by weight, the invalid share answered by the invalid backend', () => {
    const table = tableFor('ir-weighted-backends');
    const selection = selectRoute(table, { listenerAddress: '127.0.0.1', listenerPort: 80, host: 'shop.example.com', ...routingRequestFrom({ path: '/cart' }) });
    if (isRouteMiss(selection)) throw new Error(`miss: ${selection.none}`);
    expect(selection.rule.id).toBe('HTTPRoute/shop/split/0');
    const pick = compileBackendPicker(selection.rule.backends);
    // Live weights 80 / 20 / 10 (the weight-0 backend never gets traffic): total 110.
    const chosen = [0, 79.9 / 110, 80 / 110, 99.9 / 110, 100 / 110, 109.9 / 110].map((r) => {
      const b = pick(r);
      return b === null ? 'none' : b.kind === 'service' ? b.service.name : `invalid:${b.reason}`;
    });
    expect(chosen).toEqual(['stable', 'stable', 'canary', 'canary', 'invalid:BackendNotFound', 'invalid:BackendNotFound']);
  });

  it('gRPC requests reach the GRPCRoute; other requests the HTTPRoute', () => {
    const table = tableFor('ir-weighted-backends');
    const grpc = selectRoute(table, { listenerAddress: '127.0.0.1', listenerPort: 80, host: 'shop.example.com', ...routingRequestFrom({ method: 'POST', path: '/shop.Cart/Get', headers: { 'content-type': 'application/grpc' } }) });
    expect(isRouteMiss(grpc) ? grpc.none : grpc.rule.id).toBe('GRPCRoute/shop/rpc/0');
    const live = selectRoute(table, { listenerAddress: '127.0.0.1', listenerPort: 80, host: 'shop.example.com', ...routingRequestFrom({ path: '/live/feed' }) });
    expect(isRouteMiss(live) ? live.none : live.rule.backends.map((b) => (b.kind === 'service' ? b.protocol : b.kind))).toEqual(['websocket', 'h2c']);
  });

  it('a redirect rule carries its filter and no backends; an extensionRef rule answers 500 through an Invalid filter', () => {
    const table = tableFor('ir-filters');
    const redirect = selectRoute(table, { listenerAddress: '127.0.0.1', listenerPort: 80, host: 'filters.example.com', ...routingRequestFrom({ path: '/old/page' }) });
    if (isRouteMiss(redirect)) throw new Error(`miss: ${redirect.none}`);
    expect(redirect.rule.filters.map((f) => f.type)).toEqual(['RequestRedirect']);
    expect(redirect.rule.backends).toEqual([]);
    const ext = selectRoute(table, { listenerAddress: '127.0.0.1', listenerPort: 80, host: 'filters.example.com', ...routingRequestFrom({ path: '/ext' }) });
    expect(isRouteMiss(ext) ? ext.none : ext.rule.filters[0]).toMatchObject({ type: 'Invalid', reason: 'InvalidKind' });
  });

  it('a Service without ready endpoints stays a valid backend with none (503 for its share)', () => {
    const table = tableFor('ir-endpoints');
    const hit = selectRoute(table, { listenerAddress: '127.0.0.1', listenerPort: 8080, host: 'anything', ...routingRequestFrom({ path: '/empty' }) });
    if (isRouteMiss(hit)) throw new Error(`miss: ${hit.none}`);
    expect(hit.rule.backends.map((b) => (b.kind === 'service' ? `${b.service.name}:${b.endpoints.length}` : b.kind))).toEqual(['empty:0', 'single:1']);
  });
});
