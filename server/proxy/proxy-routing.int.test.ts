import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoBackend, type EchoReply, startEchoBackend } from '@/server/proxy/testing/echo-backend';
import { buildTestSnapshot, invalidBackend, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';
import { freePort, ManualFeed, rawExchange, sendRaw, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { type RunningProxy, startProxy } from '@/server/proxy/start-proxy';

/** Routing, filters and backend choice through real sockets: proxy on 127.0.0.1, two echo backends. */
describe('proxy routing', () => {
  let proxy: RunningProxy;
  let a: EchoBackend;
  let b: EchoBackend;
  let port: number; // where gateway port 80 is served
  const feed = new ManualFeed();

  beforeAll(async () => {
    [a, b] = await Promise.all([startEchoBackend('a'), startEchoBackend('b')]);
    port = await freePort();
    proxy = await startProxy({ feed, portOffset: port - 80, adminPort: 0, logger: pino({ level: 'silent' }), proxyId: 'test' });
    const A = [serviceBackend('a', [a.endpoint])];
    const B = [serviceBackend('b', [b.endpoint])];
    const snapshot = buildTestSnapshot([
      {
        name: 'http',
        port: 80,
        routes: [
          { name: 'by-header', hostnames: ['app.example.com'], matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-variant', value: 'b' }] }], backends: B },
          // A header name every JS object inherits: absent from the request, it must not match.
          { name: 'inherited-name', hostnames: ['app.example.com'], matches: [{ path: { type: 'PathPrefix', value: '/inherited' }, headers: [{ type: 'RegularExpression', name: 'constructor', value: '.*' }] }], backends: B },
          { name: 'app-b', hostnames: ['app.example.com'], matches: [{ path: { type: 'PathPrefix', value: '/b' } }], backends: B },
          { name: 'app', hostnames: ['app.example.com'], matches: [{ path: { type: 'PathPrefix', value: '/' } }], backends: A },
          { name: 'wild', hostnames: ['*.wild.com'], backends: B },
          { name: 'split', hostnames: ['split.com'], backends: [serviceBackend('a', [a.endpoint], 3), serviceBackend('b', [b.endpoint], 1)] },
          { name: 'half-invalid', hostnames: ['invalid.com'], backends: [serviceBackend('a', [a.endpoint], 1), invalidBackend(1)] },
          { name: 'all-invalid', hostnames: ['allinvalid.com'], backends: [invalidBackend(1)] },
          { name: 'no-backends', hostnames: ['none.com'], backends: [] },
          { name: 'no-endpoints', hostnames: ['empty.com'], backends: [serviceBackend('empty', [])] },
          {
            name: 'headers',
            hostnames: ['headers.com'],
            filters: [
              { type: 'RequestHeaderModifier', set: [{ name: 'X-Set', value: 'set' }], add: [{ name: 'X-Add', value: 'add' }], remove: ['X-Remove'] },
              { type: 'ResponseHeaderModifier', set: [{ name: 'X-Resp-Set', value: 'yes' }], add: [{ name: 'X-Backend', value: 'extra' }], remove: ['Content-Type'] },
            ],
            backends: A,
          },
          { name: 'bad-header', hostnames: ['badheader.com'], filters: [{ type: 'RequestHeaderModifier', set: [{ name: 'x-bad', value: 'a\r\nb' }], add: [], remove: [] }], backends: A },
          { name: 'bad-rewrite', hostnames: ['badrewrite.com'], filters: [{ type: 'URLRewrite', hostname: 'evil.com\r\nx-injected: 1' }], backends: A },
          { name: 'invalid-filter', hostnames: ['badfilter.com'], filters: [{ type: 'Invalid', reason: 'InvalidKind', message: 'unknown extensionRef' }], backends: A },
          { name: 'redirect-host', hostnames: ['r1.com'], filters: [{ type: 'RequestRedirect', hostname: 'example.org', statusCode: 302 }] },
          { name: 'redirect-https', hostnames: ['r2.com'], filters: [{ type: 'RequestRedirect', scheme: 'https', statusCode: 301 }] },
          { name: 'redirect-port', hostnames: ['r3.com'], filters: [{ type: 'RequestRedirect', hostname: 'example.org', port: 8080, statusCode: 307 }] },
          { name: 'redirect-full', hostnames: ['r4.com'], filters: [{ type: 'RequestRedirect', path: { type: 'ReplaceFullPath', value: '/new' }, statusCode: 308 }] },
          { name: 'redirect-prefix', hostnames: ['r5.com'], matches: [{ path: { type: 'PathPrefix', value: '/old' } }], filters: [{ type: 'RequestRedirect', path: { type: 'ReplacePrefixMatch', value: '/new' }, statusCode: 303 }] },
          { name: 'rewrite-host', hostnames: ['w1.com'], filters: [{ type: 'URLRewrite', hostname: 'upstream.internal' }], backends: A },
          { name: 'rewrite-full', hostnames: ['w2.com'], filters: [{ type: 'URLRewrite', path: { type: 'ReplaceFullPath', value: '/one' } }], backends: A },
          {
            name: 'cors',
            hostnames: ['cors.com'],
            filters: [{ type: 'CORS', allowOrigins: ['https://www.foo.com', 'https://*.bar.com'], allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['x-header-1'], exposeHeaders: ['x-header-3'], allowCredentials: true, maxAge: 3600 }],
            backends: A,
          },
          {
            name: 'mirror',
            hostnames: ['mirror.com'],
            filters: [
              { type: 'RequestHeaderModifier', set: [{ name: 'x-mirrored-edit', value: 'yes' }], add: [], remove: [] },
              { type: 'RequestMirror', target: { service: { namespace: 'test', name: 'b', port: 80 }, protocol: 'http', endpoints: [b.endpoint] }, fraction: { numerator: 1, denominator: 1 } },
            ],
            backends: A,
          },
          {
            name: 'mirror-none',
            hostnames: ['nomirror.com'],
            filters: [{ type: 'RequestMirror', target: { service: { namespace: 'test', name: 'b', port: 80 }, protocol: 'http', endpoints: [b.endpoint] }, fraction: { numerator: 0, denominator: 100 } }],
            backends: A,
          },
          { name: 'rewrite-prefix', hostnames: ['w3.com'], matches: [{ path: { type: 'PathPrefix', value: '/strip-prefix' } }], filters: [{ type: 'URLRewrite', path: { type: 'ReplacePrefixMatch', value: '/' } }], backends: A },
        ],
      },
    ]);
    const ack = await proxy.apply(snapshot);
    expect(ack).toMatchObject({ accepted: true, version: snapshot.version, listeners: [{ name: 'test/gw/http', bound: true, address: `127.0.0.1:${port}` }] });
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const echo = async (host: string, path = '/', headers: Record<string, string> = {}): Promise<EchoReply> => {
    const res = await sendRequest({ port, host, path, headers });
    expect(res.status).toBe(200);
    return JSON.parse(res.body) as EchoReply;
  };

  it.each<{ host: string; path: string; headers: Record<string, string>; backend: string }>([
    { host: 'app.example.com', path: '/', headers: {}, backend: 'a' },
    { host: 'app.example.com', path: '/b/x', headers: {}, backend: 'b' },
    { host: 'app.example.com', path: '/bx', headers: {}, backend: 'a' },
    { host: 'APP.example.com:80', path: '/b', headers: {}, backend: 'b' },
    { host: 'app.example.com', path: '/', headers: { 'x-variant': 'b' }, backend: 'b' },
    { host: 'x.wild.com', path: '/', headers: {}, backend: 'b' },
    { host: 'app.example.com', path: '/inherited', headers: {}, backend: 'a' },
    { host: 'app.example.com', path: '/inherited', headers: { constructor: 'x' }, backend: 'b' },
  ])('routes $host $path $headers to $backend', async ({ host, path, headers, backend }) => {
    expect((await echo(host, path, headers)).backend).toBe(backend);
  });

  it('forwards the normalised path it routed on, with the query', async () => {
    const reply = await echo('app.example.com', '/x/../b//y?q=1');
    expect(reply).toMatchObject({ backend: 'b', path: '/b/y?q=1' });
  });

  it('answers 404 when no route or listener host matches', async () => {
    expect((await sendRequest({ port, host: 'nothing.org' })).status).toBe(404);
  });

  it('splits traffic by weight', async () => {
    let toA = 0;
    const n = 400;
    for (let i = 0; i < n; i++) if ((await echo('split.com')).backend === 'a') toA++;
    // Expected 300 (3:1); binomial sd is ~8.7, so +-50 is over 5 sd.
    expect(toA).toBeGreaterThan(250);
    expect(toA).toBeLessThan(350);
  });

  it('answers 500 for the share of an invalid backend, never handing it to the valid one', async () => {
    const counts = { 200: 0, 500: 0 } as Record<number, number>;
    for (let i = 0; i < 200; i++) {
      const status = (await sendRequest({ port, host: 'invalid.com' })).status;
      counts[status] = (counts[status] ?? 0) + 1;
    }
    expect(counts[200]! + counts[500]!).toBe(200);
    expect(counts[500]).toBeGreaterThan(60);
    expect(counts[200]).toBeGreaterThan(60);
  });

  it.each([
    { host: 'allinvalid.com', status: 500 },
    { host: 'none.com', status: 500 },
    { host: 'empty.com', status: 503 },
    { host: 'badheader.com', status: 500 },
    { host: 'badfilter.com', status: 500 },
    { host: 'badrewrite.com', status: 500 },
  ])('answers $status for $host', async ({ host, status }) => {
    expect((await sendRequest({ port, host })).status).toBe(status);
  });

  it('modifies request and response headers', async () => {
    const res = await sendRequest({ port, host: 'headers.com', headers: { 'x-add': 'original', 'x-remove': 'gone', 'x-set': 'old' } });
    expect(res.status).toBe(200);
    const reply = JSON.parse(res.body) as EchoReply;
    expect(reply.headers).toMatchObject({ 'x-set': 'set', 'x-add': 'original,add' });
    expect(reply.headers['x-remove']).toBeUndefined();
    expect(res.headers['x-resp-set']).toBe('yes');
    expect(res.headers['x-backend']).toBe('a,extra');
    expect(res.headers['content-type']).toBeUndefined();
  });

  it.each([
    { host: 'r1.com', path: '/p?q=1', status: 302, location: 'http://example.org/p?q=1' },
    { host: 'r2.com:80', path: '/p', status: 301, location: 'https://r2.com/p' },
    { host: 'r3.com', path: '/p', status: 307, location: 'http://example.org:8080/p' },
    { host: 'r4.com', path: '/a/b', status: 308, location: 'http://r4.com/new' },
    { host: 'r5.com', path: '/old/x', status: 303, location: 'http://r5.com/new/x' },
  ])('redirects $host$path with $status to $location', async ({ host, path, status, location }) => {
    const res = await sendRequest({ port, host, path });
    expect(res.status).toBe(status);
    expect(res.headers.location).toBe(location);
  });

  it.each([
    { host: 'w1.com', path: '/p', upstreamHost: 'upstream.internal', upstreamPath: '/p' },
    { host: 'w2.com', path: '/full/one/two?x=1', upstreamHost: 'w2.com', upstreamPath: '/one?x=1' },
    { host: 'w3.com', path: '/strip-prefix/three', upstreamHost: 'w3.com', upstreamPath: '/three' },
    { host: 'w3.com', path: '/strip-prefix', upstreamHost: 'w3.com', upstreamPath: '/' },
  ])('rewrites $host$path to $upstreamHost$upstreamPath', async ({ host, path, upstreamHost, upstreamPath }) => {
    const reply = await echo(host, path);
    expect(reply.headers.host).toBe(upstreamHost);
    expect(reply.path).toBe(upstreamPath);
    expect(reply.headers['x-forwarded-host']).toBe(host);
  });

  it('answers CORS preflights at the gateway and adds CORS headers to allowed responses', async () => {
    const before = a.received.length;
    const preflight = await sendRequest({ port, host: 'cors.com', method: 'OPTIONS', path: '/x', headers: { origin: 'https://a.b.bar.com', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://a.b.bar.com', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-credentials': 'true', 'access-control-max-age': '3600' });
    const denied = await sendRequest({ port, host: 'cors.com', method: 'OPTIONS', path: '/x', headers: { origin: 'https://foobar.com', 'access-control-request-method': 'GET' } });
    expect(denied.status).toBe(204);
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    expect(a.received.length).toBe(before); // preflights never reach the backend
    const actual = await sendRequest({ port, host: 'cors.com', headers: { origin: 'https://www.foo.com' } });
    expect(actual.status).toBe(200);
    expect(actual.headers).toMatchObject({ 'access-control-allow-origin': 'https://www.foo.com', 'access-control-expose-headers': 'x-header-3' });
    const other = await sendRequest({ port, host: 'cors.com', headers: { origin: 'https://foobar.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('mirrors the filtered request to the mirror target and ignores its answer', async () => {
    const reply = await echo('mirror.com', '/mirrored?id=1');
    expect(reply.backend).toBe('a');
    const deadline = Date.now() + 10_000;
    let copy = b.received.find((r) => r.path === '/mirrored?id=1');
    while (copy === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      copy = b.received.find((r) => r.path === '/mirrored?id=1');
    }
    expect(copy?.headers['x-mirrored-edit']).toBe('yes');
    expect(copy?.headers.host).toBe('mirror.com');
    // A zero fraction never mirrors: by the time the mirrored case above has arrived, nothing else has.
    await echo('nomirror.com', '/not-mirrored');
    await echo('mirror.com', '/mirrored-2');
    while (!b.received.some((r) => r.path === '/mirrored-2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(b.received.some((r) => r.path === '/not-mirrored')).toBe(false);
  });

  it('tunnels a WebSocket upgrade to the routed backend', async () => {
    const got = await rawExchange(port, 'GET /b/socket HTTP/1.1\r\nHost: app.example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n', 'ping-through-tunnel', 'ping-through-tunnel');
    expect(got).toMatch(/^HTTP\/1.1 101 /);
    expect(got).toMatch(/X-Backend: b\r\n/);
    expect(got.endsWith('ping-through-tunnel')).toBe(true);
    const seen = b.received.find((r) => r.path === '/b/socket');
    expect(seen?.headers).toMatchObject({ upgrade: 'websocket', connection: 'Upgrade', 'x-forwarded-proto': 'http' });
  });

  it('answers other upgrades (h2c) over HTTP/1.1 and upgrades without a route with 404', async () => {
    const h2c = await rawExchange(port, 'GET /h2c HTTP/1.1\r\nHost: app.example.com\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n', undefined, '"backend":"a"');
    expect(h2c).toMatch(/^HTTP\/1.1 200 /);
    expect(a.received.find((r) => r.path === '/h2c')?.headers.upgrade).toBeUndefined();
    const missing = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: nothing.org\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', undefined, 'no route');
    expect(missing).toMatch(/^HTTP\/1.1 404 /);
  });

  it('strips hop-by-hop headers both ways and sets X-Forwarded-* and X-Request-Id', async () => {
    const res = await sendRequest({
      port,
      host: 'app.example.com',
      headers: { connection: 'keep-alive, x-secret', 'x-secret': 's', 'keep-alive': 'timeout=1', te: 'trailers', 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6', 'x-request-id': 'forged', 'x-end': 'kept' },
    });
    const reply = JSON.parse(res.body) as EchoReply;
    for (const name of ['x-secret', 'keep-alive', 'te', 'forwarded']) expect(reply.headers[name]).toBeUndefined();
    expect(reply.headers).toMatchObject({ 'x-end': 'kept', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'app.example.com' });
    expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // The echo backend nominates x-hop in its Connection header: it must not reach the client.
    expect(res.headers['x-hop']).toBeUndefined();
    expect(res.headers['x-backend']).toBe('a');
  });

  it('streams request bodies upstream with fresh framing', async () => {
    const body = 'x'.repeat(100_000);
    const res = await sendRequest({ port, host: 'app.example.com', method: 'POST', body, headers: { 'content-length': String(body.length) } });
    expect((JSON.parse(res.body) as EchoReply).bodyLength).toBe(body.length);
    const chunked = await sendRaw(port, 'POST / HTTP/1.1\r\nHost: app.example.com\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(chunked).toBe('HTTP/1.1 200 OK');
  });

  it.each([
    { name: 'duplicate Host', raw: 'GET / HTTP/1.1\r\nHost: app.example.com\r\nHost: other.com\r\n\r\n', status: 400 },
    { name: 'duplicate Content-Length', raw: 'POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx', status: 400 },
    { name: 'CL and TE together', raw: 'POST / HTTP/1.1\r\nHost: app.example.com\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', status: 400 },
    { name: 'an underscore in a header name', raw: 'GET / HTTP/1.1\r\nHost: app.example.com\r\nX_Forwarded_For: 1.2.3.4\r\n\r\n', status: 400 },
    { name: 'absolute-form target', raw: 'GET http://app.example.com/ HTTP/1.1\r\nHost: app.example.com\r\n\r\n', status: 400 },
    { name: 'backslash in path', raw: 'GET /a\\..\\b HTTP/1.1\r\nHost: app.example.com\r\n\r\n', status: 400 },
    { name: 'missing Host', raw: 'GET / HTTP/1.1\r\n\r\n', status: 400 },
    { name: 'oversized headers', raw: `GET / HTTP/1.1\r\nHost: app.example.com\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
  ])('rejects $name with $status', async ({ raw, status }) => {
    expect(await sendRaw(port, raw)).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
  });
});
