import { describe, expect, it } from 'vitest';
import { compileRouteTable, createRouteTableCache } from '@/lib/routing/compile-route-table';
import { routingRequestFrom } from '@/lib/routing/request';
import { isRouteMiss, missStatus, selectRoute, selectTarget, type RouteSelection } from '@/lib/routing/select-route';
import { fixtureSnapshot, type FixtureListener, type FixtureRoute } from '@/lib/routing/testdata/fixture-world';

interface Case {
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  query?: string;
  port?: number;
  /** Defaults to 127.0.0.1. */
  address?: string;
  sni?: string;
  /** Backend service name, or the miss reason. */
  expect: string;
}

function run(listeners: FixtureListener[], routes: FixtureRoute[], cases: Case[]) {
  // Targets bound as the proxy binds its compiled rules: one object per (listener, rule).
  const table = compileRouteTable(fixtureSnapshot(listeners, routes), createRouteTableCache((listener, rule) => ({ listener, rule })));
  const serve = (c: Case) => {
    const req = routingRequestFrom({ method: c.method ?? 'GET', path: c.path, headers: c.headers ?? {}, query: c.query ?? '' });
    const query = { ...req, listenerAddress: c.address ?? '127.0.0.1', listenerPort: c.port ?? 80, host: c.host, sniHost: c.sni };
    const selection = selectRoute(table, query);
    // The proxy's selectTarget must agree: the hit's very target, or an equal miss.
    const target = selectTarget(table, query);
    if (isRouteMiss(selection)) expect(target).toEqual(selection);
    else expect(target).toBe(selection.target);
    return describeSelection(selection);
  };
  it.each(cases)('$host$path $headers -> $expect', (c) => expect(serve(c)).toBe(c.expect));
}

function describeSelection(s: RouteSelection<unknown>): string {
  if (isRouteMiss(s)) return s.none;
  const backend = s.rule.backends[0];
  return backend?.kind === 'service' ? backend.service.name : '(no backend)';
}

describe('selectRoute: conformance HTTPRouteMatchingAcrossRoutes', () => {
  run(
    [{ name: 'http', port: 80 }],
    [
      { name: 'matching-part1', hostnames: ['example.com', 'example.net'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }, { headers: [{ name: 'version', value: 'one' }] }], backend: 'infra-backend-v1' }] },
      { name: 'matching-part2', hostnames: ['example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v2' } }, { headers: [{ name: 'version', value: 'two' }] }], backend: 'infra-backend-v2' }] },
    ],
    [
      { host: 'example.com', path: '/', expect: 'infra-backend-v1' },
      { host: 'example.com', path: '/example', expect: 'infra-backend-v1' },
      { host: 'example.net', path: '/example', expect: 'infra-backend-v1' },
      { host: 'example.com', path: '/example', headers: { Version: 'one' }, expect: 'infra-backend-v1' },
      { host: 'example.com', path: '/v2', expect: 'infra-backend-v2' },
      { host: 'example.net', path: '/v2', expect: 'infra-backend-v1' },
      { host: 'example.com', path: '/v2/example', expect: 'infra-backend-v2' },
      { host: 'example.com', path: '/', headers: { Version: 'two' }, expect: 'infra-backend-v2' },
      { host: 'EXAMPLE.com:80', path: '/v2', expect: 'infra-backend-v2' },
      { host: 'other.org', path: '/', expect: 'no-virtual-host' },
    ],
  );
});

describe('selectRoute: conformance HTTPRouteListenerHostnameMatching', () => {
  run(
    [
      { name: 'listener-1', port: 80, hostname: 'bar.com' },
      { name: 'listener-2', port: 80, hostname: 'foo.bar.com' },
      { name: 'listener-3', port: 80, hostname: '*.bar.com' },
      { name: 'listener-4', port: 80, hostname: '*.foo.com' },
    ],
    [
      { name: 'backend-v1', listeners: ['listener-1'], rules: [{ backend: 'infra-backend-v1' }] },
      { name: 'backend-v2', listeners: ['listener-2'], rules: [{ backend: 'infra-backend-v2' }] },
      { name: 'backend-v3', listeners: ['listener-3', 'listener-4'], rules: [{ backend: 'infra-backend-v3' }] },
    ],
    [
      { host: 'bar.com', path: '/', expect: 'infra-backend-v1' },
      { host: 'foo.bar.com', path: '/', expect: 'infra-backend-v2' },
      { host: 'baz.bar.com', path: '/', expect: 'infra-backend-v3' },
      { host: 'boo.bar.com', path: '/', expect: 'infra-backend-v3' },
      { host: 'multiple.prefixes.bar.com', path: '/', expect: 'infra-backend-v3' },
      { host: 'multiple.prefixes.foo.com', path: '/', expect: 'infra-backend-v3' },
      { host: 'foo.com', path: '/', expect: 'no-listener-hostname' },
      { host: 'no.matching.host', path: '/', expect: 'no-listener-hostname' },
      { host: 'bar.com', path: '/', port: 81, expect: 'no-listener-port' },
    ],
  );
});

describe('selectRoute: conformance HTTPRouteHostnameIntersection', () => {
  run(
    [
      { name: 'listener-1', port: 80, hostname: 'very.specific.com' },
      { name: 'listener-2', port: 80, hostname: '*.wildcard.io' },
      { name: 'listener-3', port: 80, hostname: '*.anotherwildcard.io' },
    ],
    [
      { name: 's1', hostnames: ['non.matching.com', '*.nonmatchingwildcard.io', 'very.specific.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/s1' } }], backend: 'infra-backend-v1' }] },
      { name: 's2', hostnames: ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/s2' } }], backend: 'infra-backend-v2' }] },
      { name: 's3', hostnames: ['non.matching.com', '*.specific.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/s3' } }], backend: 'infra-backend-v3' }] },
      { name: 's4', hostnames: ['*.anotherwildcard.io'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/s4' } }], backend: 'infra-backend-v1' }] },
      { name: 's5', hostnames: ['specific.but.wrong.com', 'wildcard.io'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/s5' } }], backend: 'infra-backend-v1' }] },
    ],
    [
      { host: 'very.specific.com', path: '/s1', expect: 'infra-backend-v1' },
      { host: 'very.specific.com:1234', path: '/s1', expect: 'infra-backend-v1' },
      { host: 'non.matching.com', path: '/s1', expect: 'no-listener-hostname' },
      { host: 'foo.nonmatchingwildcard.io', path: '/s1', expect: 'no-listener-hostname' },
      { host: 'foo.wildcard.io', path: '/s1', expect: 'no-route' },
      { host: 'very.specific.com', path: '/non-matching-prefix', expect: 'no-route' },
      { host: 'foo.wildcard.io', path: '/s2', expect: 'infra-backend-v2' },
      { host: 'bar.wildcard.io', path: '/s2', expect: 'infra-backend-v2' },
      { host: 'foo.bar.wildcard.io', path: '/s2', expect: 'infra-backend-v2' },
      { host: 'wildcard.io', path: '/s2', expect: 'no-listener-hostname' },
      { host: 'very.specific.com', path: '/s2', expect: 'no-route' },
      { host: 'baz.wildcard.io', path: '/s2', expect: 'no-virtual-host' },
      { host: 'very.specific.com', path: '/s3', expect: 'infra-backend-v3' },
      { host: 'foo.specific.com', path: '/s3', expect: 'no-listener-hostname' },
      { host: 'foo.anotherwildcard.io', path: '/s4', expect: 'infra-backend-v1' },
      { host: 'foo.bar.anotherwildcard.io', path: '/s4', expect: 'infra-backend-v1' },
      { host: 'anotherwildcard.io', path: '/s4', expect: 'no-listener-hostname' },
      { host: 'specific.but.wrong.com', path: '/s5', expect: 'no-listener-hostname' },
    ],
  );
});

describe('selectRoute: listener isolation (SEMANTICS 2.4 example)', () => {
  run(
    [
      { name: 'empty', port: 80 },
      { name: 'wild', port: 80, hostname: '*.example.com' },
      { name: 'wild-foo', port: 80, hostname: '*.foo.example.com' },
      { name: 'abc', port: 80, hostname: 'abc.foo.example.com' },
    ],
    [
      { name: 'empty-route', listeners: ['empty'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/empty' } }], backend: 'empty' }] },
      { name: 'wild-route', listeners: ['wild'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/wild' } }], backend: 'wild' }] },
      { name: 'wild-foo-route', listeners: ['wild-foo'], rules: [{ backend: 'wild-foo' }] },
      { name: 'abc-route', listeners: ['abc'], rules: [{ backend: 'abc' }] },
    ],
    [
      { host: 'bar.example.com', path: '/wild', expect: 'wild' },
      { host: 'bar.example.com', path: '/empty', expect: 'no-route' },
      { host: 'bar.foo.example.com', path: '/wild', expect: 'wild-foo' },
      { host: 'abc.foo.example.com', path: '/', expect: 'abc' },
      { host: 'unrelated.org', path: '/empty', expect: 'empty' },
      { host: 'example.com', path: '/empty', expect: 'empty' },
    ],
  );
});

describe('selectRoute: Gateways on their own addresses never share a port', () => {
  run(
    [
      { name: 'a', port: 80, address: '127.0.0.1' },
      { name: 'b', port: 80, address: '127.0.0.2' },
    ],
    [
      { name: 'route-a', listeners: ['a'], rules: [{ backend: 'svc-a' }] },
      { name: 'route-b', listeners: ['b'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/b' } }], backend: 'svc-b' }] },
    ],
    [
      { host: 'any.example', path: '/b', address: '127.0.0.1', expect: 'svc-a' },
      { host: 'any.example', path: '/b', address: '127.0.0.2', expect: 'svc-b' },
      { host: 'any.example', path: '/', address: '127.0.0.2', expect: 'no-route' },
      { host: 'any.example', path: '/', address: '127.0.0.3', expect: 'no-listener-port' },
    ],
  );
});

describe('selectRoute: exact-hostname route first, wildcard-hostname route as fallback (decision 2)', () => {
  run(
    [{ name: 'http', port: 80 }],
    [
      { name: 'exact', hostnames: ['foo.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a' } }], backend: 'exact' }] },
      { name: 'wild', hostnames: ['*.example.com'], rules: [{ matches: [{ path: { type: 'Exact', value: '/a/b' } }, { path: { type: 'PathPrefix', value: '/' } }], backend: 'wild' }] },
      { name: 'any', rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/any' } }], backend: 'any' }] },
    ],
    [
      // The exact-hostname route ranks first even against a more specific path elsewhere.
      { host: 'foo.example.com', path: '/a/b', expect: 'exact' },
      { host: 'foo.example.com', path: '/b', expect: 'wild' },
      { host: 'bar.example.com', path: '/a/b', expect: 'wild' },
      // Route-level hostname precedence puts the wildcard route's catch-all before the no-hostname route.
      { host: 'foo.example.com', path: '/any', expect: 'wild' },
      { host: 'example.com', path: '/any', expect: 'any' },
      { host: 'example.com', path: '/b', expect: 'no-route' },
    ],
  );
});

describe('selectRoute: method, query and regular-expression matches', () => {
  run(
    [{ name: 'http', port: 80 }],
    [
      {
        name: 'api',
        rules: [
          { matches: [{ path: { type: 'RegularExpression', value: '/users/[0-9]+' }, method: 'DELETE' }], backend: 'delete-user' },
          { matches: [{ path: { type: 'RegularExpression', value: '/users/[0-9]+' } }], backend: 'user' },
          { matches: [{ path: { type: 'PathPrefix', value: '/users' }, queryParams: [{ name: 'debug', value: '1' }] }], backend: 'debug' },
          { matches: [{ path: { type: 'PathPrefix', value: '/users' } }], backend: 'users' },
        ],
      },
    ],
    [
      { host: 'h', path: '/users/42', method: 'DELETE', expect: 'users' },
      { host: 'h', path: '/users', query: 'debug=1', expect: 'debug' },
      { host: 'h', path: '/users/x', expect: 'users' },
      { host: 'h', path: '/other', expect: 'no-route' },
    ],
  );
});

describe('selectRoute: regex only where no prefix matches', () => {
  run(
    [{ name: 'http', port: 80 }],
    [{ name: 'api', rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/users/[0-9]+' }, method: 'DELETE' }], backend: 'delete-user' }, { matches: [{ path: { type: 'RegularExpression', value: '/users/[0-9]+' } }], backend: 'user' }] }],
    [
      { host: 'h', path: '/users/42', method: 'DELETE', expect: 'delete-user' },
      { host: 'h', path: '/users/42', expect: 'user' },
      { host: 'h', path: '/users/4x', expect: 'no-route' },
    ],
  );
});

describe('selectRoute: GRPCRoute', () => {
  const grpc = { 'content-type': 'application/grpc' };
  run(
    [{ name: 'http', port: 80 }],
    [
      { kind: 'GRPCRoute', name: 'echo', hostnames: ['grpc.example.com'], rules: [{ matches: [{ method: { service: 'echo.Echo', method: 'Echo' } }], backend: 'echo-exact' }, { matches: [{ method: { service: 'echo.Echo' } }], backend: 'echo-service' }] },
    ],
    [
      { host: 'grpc.example.com', path: '/echo.Echo/Echo', method: 'POST', headers: grpc, expect: 'echo-exact' },
      { host: 'grpc.example.com', path: '/echo.Echo/EchoTwo', method: 'POST', headers: grpc, expect: 'echo-service' },
      { host: 'grpc.example.com', path: '/other.Svc/Echo', method: 'POST', headers: grpc, expect: 'no-route' },
      { host: 'grpc.example.com', path: '/echo.Echo/Echo', method: 'POST', headers: { 'content-type': 'application/grpc+proto' }, expect: 'echo-exact' },
      // Not gRPC: GRPCRoute entries do not serve it.
      { host: 'grpc.example.com', path: '/echo.Echo/Echo', method: 'POST', expect: 'no-route' },
    ],
  );
});

describe('selectRoute: HTTPS SNI and misdirected requests', () => {
  run(
    [
      { name: 'a', port: 443, protocol: 'HTTPS', hostname: 'a.example.com' },
      { name: 'wild', port: 443, protocol: 'HTTPS', hostname: '*.example.com' },
    ],
    [
      { name: 'a', listeners: ['a'], rules: [{ backend: 'a' }] },
      { name: 'wild', listeners: ['wild'], rules: [{ backend: 'wild' }] },
    ],
    [
      { port: 443, sni: 'a.example.com', host: 'a.example.com', path: '/', expect: 'a' },
      { port: 443, sni: 'b.example.com', host: 'c.example.com', path: '/', expect: 'wild' },
      { port: 443, sni: 'a.example.com', host: 'b.example.com', path: '/', expect: 'misdirected' },
      { port: 443, sni: 'b.example.com', host: 'a.example.com', path: '/', expect: 'misdirected' },
      { port: 443, sni: 'a.example.com', host: 'other.org', path: '/', expect: 'no-listener-hostname' },
    ],
  );

  it('maps misses to statuses', () => {
    expect(missStatus({ none: 'misdirected' })).toBe(421);
    expect(missStatus({ none: 'no-route' })).toBe(404);
  });
});

describe('selectRoute: allocation-light hits', () => {
  it('returns the same prebuilt hit object for repeated requests', () => {
    const table = compileRouteTable(fixtureSnapshot([{ name: 'http', port: 80 }], [{ name: 'r', rules: [{ backend: 'b' }] }]));
    const q = { ...routingRequestFrom({ path: '/x' }), listenerAddress: '127.0.0.1', listenerPort: 80, host: 'h' };
    const first = selectRoute(table, q);
    expect(isRouteMiss(first)).toBe(false);
    expect(selectRoute(table, q)).toBe(first);
  });
});
