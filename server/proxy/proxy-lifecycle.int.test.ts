import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import pino from 'pino';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoBackend, type EchoReply, startEchoBackend } from '@/server/proxy/testing/echo-backend';
import { buildTestSnapshot, serviceBackend, type TestRoute } from '@/server/proxy/testing/proxy-test-snapshot';
import { freePort, ManualFeed, sendRaw, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { countTurns } from '@/server/proxy/testing/turn-counter';
import { type RunningProxy, startProxy } from '@/server/proxy/start-proxy';

/** Snapshot swaps, rejection, bind failures, upstream failure mapping and the admin port. */
describe('proxy lifecycle', () => {
  let proxy: RunningProxy;
  let a: EchoBackend;
  let b: EchoBackend;
  let port: number;
  let offset: number;
  const feed = new ManualFeed();

  const routesTo = (backend: EchoBackend, extra: TestRoute[] = []): TestRoute[] => [{ name: 'main', hostnames: ['app.com'], backends: [serviceBackend(backend.name, [backend.endpoint])] }, ...extra];

  beforeAll(async () => {
    [a, b] = await Promise.all([startEchoBackend('a'), startEchoBackend('b')]);
    // Offset 0 (cluster mode): every free port is a valid listener port (routing tests use an offset).
    port = await freePort();
    offset = 0;
    proxy = await startProxy({ feed, portOffset: offset, adminPort: 0, logger: pino({ level: 'silent' }), proxyId: 'proxy-1' });
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    expect(feed.stopped).toBe(true);
  });

  it('is not ready and serves nothing before the first snapshot', async () => {
    expect((await fetch(`${proxy.adminUrl}/ready`)).status).toBe(503);
    expect(proxy.activeVersion()).toBeUndefined();
  });

  it('acks through the feed, then serves', async () => {
    const snapshot = buildTestSnapshot([{ name: 'http', port, routes: routesTo(a) }]);
    const ack = await feed.push(snapshot);
    expect(ack).toEqual({ version: snapshot.version, accepted: true, activeVersion: snapshot.version, proxyId: 'proxy-1', listeners: [{ name: 'test/gw/http', bound: true, address: `127.0.0.1:${port}` }], adminUrl: proxy.adminUrl });
    expect(await proxy.apply(snapshot)).toEqual(ack); // the same version again: idempotent
    expect((await fetch(`${proxy.adminUrl}/ready`)).status).toBe(200);
    expect(JSON.parse((await sendRequest({ port, host: 'app.com' })).body)).toMatchObject({ backend: 'a' });
  });

  it.each([
    { name: 'a wrong schema version', mutate: (s: Record<string, unknown>) => ({ ...s, schemaVersion: 'ir.portico.dev/v0' }), reason: /unsupported schemaVersion/ },
    { name: 'a bad shape', mutate: (s: Record<string, unknown>) => ({ ...s, listeners: 'nope' }), reason: /invalid snapshot at listeners/ },
    { name: 'a version that is not the content hash', mutate: (s: Record<string, unknown>) => ({ ...s, version: '0000000000000000' }), reason: /does not match/ },
    {
      name: 'a regex lib/routing cannot compile',
      mutate: () => buildTestSnapshot([{ name: 'http', port, routes: [{ name: 'main', hostnames: ['app.com'], matches: [{ path: { type: 'RegularExpression', value: '(a' } }], backends: [serviceBackend('b', [b.endpoint])] }] }]),
      reason: /does not compile/,
    },
    { name: 'unusable certificate material', mutate: () => buildTestSnapshot([{ name: 'https', port: 443, protocol: 'HTTPS', certificateIds: ['test/c@0000000000000000'], routes: routesTo(b) }], [{ id: 'test/c@0000000000000000', secret: { namespace: 'test', name: 'c' }, certificatePem: 'junk', privateKeyPem: 'junk' }]), reason: /unusable PEM/ },
  ])('rejects $name and keeps serving the last good snapshot', async ({ mutate, reason }) => {
    const good = proxy.activeVersion();
    const next = mutate(buildTestSnapshot([{ name: 'http', port, routes: routesTo(b) }]) as unknown as Record<string, unknown>);
    const ack = await proxy.apply(next);
    expect(ack.accepted).toBe(false);
    expect(ack.reason).toMatch(reason);
    expect(ack.activeVersion).toBe(good);
    expect(proxy.activeVersion()).toBe(good);
    expect(JSON.parse((await sendRequest({ port, host: 'app.com' })).body)).toMatchObject({ backend: 'a' });
  });

  it('keeps serving while a big snapshot is checked and compiled: the apply runs in slices between turns of the event loop', async () => {
    const extra = Array.from({ length: 3000 }, (_, i) => ({ name: `big-${i}`, hostnames: [`h${i}.big.com`], backends: [serviceBackend(a.name, [a.endpoint])] }));
    const big = buildTestSnapshot([{ name: 'http', port, routes: routesTo(a, extra) }]);
    const counter = countTurns();
    const events: string[] = [];
    const applied = proxy.apply(big).then((ack) => {
      events.push(`applied after ${counter.stop()} turns`);
      return ack;
    });
    const served = await sendRequest({ port, host: 'app.com' });
    events.push('served');
    expect(served.status).toBe(200);
    expect((await applied).accepted).toBe(true);
    expect(events[0]).toBe('served');
    // Checking and compiling 6,000 parts is far more than one slice's work.
    expect(counter.turns()).toBeGreaterThan(5);
    expect(JSON.parse((await sendRequest({ port, host: 'h2999.big.com' })).body)).toMatchObject({ backend: 'a' });
  });

  it('swaps to a new snapshot without dropping an in-flight request', async () => {
    const slow = sendRequest({ port, host: 'app.com', path: '/delay/300' });
    await new Promise((r) => setTimeout(r, 50)); // the slow request is on its way to a
    const ack = await proxy.apply(buildTestSnapshot([{ name: 'http', port, routes: routesTo(b) }]));
    expect(ack.accepted).toBe(true);
    expect(JSON.parse((await sendRequest({ port, host: 'app.com' })).body)).toMatchObject({ backend: 'b' });
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect((JSON.parse(finished.body) as EchoReply).backend).toBe('a');
  });

  it('applies a delta against the active version and rejects one against another', async () => {
    const base = buildTestSnapshot([{ name: 'http', port, routes: routesTo(b) }]);
    expect((await proxy.apply(base)).accepted).toBe(true);
    const next = buildTestSnapshot([{ name: 'http', port, routes: routesTo(b, [{ name: 'added', hostnames: ['added.com'], backends: [serviceBackend('a', [a.endpoint])] }]) }]);
    expect((await sendRequest({ port, host: 'added.com' })).status).toBe(404);
    const ack = await proxy.apply(diffSnapshots(base, next));
    expect(ack).toMatchObject({ accepted: true, version: next.version, activeVersion: next.version });
    expect(JSON.parse((await sendRequest({ port, host: 'added.com' })).body)).toMatchObject({ backend: 'a' });
    const stale = await proxy.apply(diffSnapshots(base, buildTestSnapshot([{ name: 'http', port, routes: routesTo(a) }])));
    expect(stale).toMatchObject({ accepted: false, activeVersion: next.version, reason: expect.stringMatching(/not the active version/) });
    expect(JSON.parse((await sendRequest({ port, host: 'app.com' })).body)).toMatchObject({ backend: 'b' });
  });

  it('reports a port in use in the ack and keeps serving the others', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      const snapshot = buildTestSnapshot([
        { name: 'http', port, routes: routesTo(b) },
        { name: 'busy', port: busy - offset, routes: routesTo(b) },
      ]);
      const ack = await proxy.apply(snapshot);
      expect(ack.accepted).toBe(true);
      expect(ack.listeners).toEqual([
        { name: 'test/gw/http', bound: true, address: `127.0.0.1:${port}` },
        { name: 'test/gw/busy', bound: false, reason: 'EADDRINUSE' },
      ]);
      expect((await sendRequest({ port, host: 'app.com' })).status).toBe(200);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('serves listeners of one port on their own addresses, isolated from each other', async () => {
    const snapshot = buildTestSnapshot([
      { name: 'one', port, routes: routesTo(a) },
      { name: 'two', port, address: '127.0.0.2', routes: routesTo(b) },
    ]);
    const ack = await proxy.apply(snapshot);
    expect(ack.listeners).toEqual([
      { name: 'test/gw/one', bound: true, address: `127.0.0.1:${port}` },
      { name: 'test/gw/two', bound: true, address: `127.0.0.2:${port}` },
    ]);
    expect((JSON.parse((await sendRequest({ port, host: 'app.com' })).body) as EchoReply).backend).toBe('a');
    expect((JSON.parse((await sendRequest({ port, address: '127.0.0.2', host: 'app.com' })).body) as EchoReply).backend).toBe('b');
    await expect(sendRequest({ port, address: '127.0.0.3', host: 'app.com' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('unbinds a port the snapshot no longer lists', async () => {
    const other = await freePort();
    const first = await proxy.apply(buildTestSnapshot([{ name: 'http', port, routes: routesTo(b) }, { name: 'extra', port: other - offset, routes: routesTo(b) }]));
    expect(first.listeners).toEqual([{ name: 'test/gw/http', bound: true, address: `127.0.0.1:${port}` }, { name: 'test/gw/extra', bound: true, address: `127.0.0.1:${other}` }]);
    expect((await sendRequest({ port: other, host: 'app.com' })).status).toBe(200);
    const ack = await proxy.apply(buildTestSnapshot([{ name: 'http', port, routes: routesTo(b) }]));
    expect(ack.listeners?.map((l) => l.name)).toEqual(['test/gw/http']);
    await expect(sendRequest({ port: other, host: 'app.com' })).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
  });

  it('maps upstream failures: refused 503, timeout 504, reset 502', async () => {
    const closed = await freePort();
    const ack = await proxy.apply(
      buildTestSnapshot([
        {
          name: 'http',
          port,
          routes: [
            { name: 'refused', hostnames: ['refused.com'], backends: [serviceBackend('gone', [{ address: '127.0.0.1', port: closed }])] },
            { name: 'backend-timeout', hostnames: ['slow.com'], timeouts: { backendRequestMs: 100 }, backends: [serviceBackend('a', [a.endpoint])] },
            { name: 'request-timeout', hostnames: ['slow2.com'], timeouts: { requestMs: 100 }, backends: [serviceBackend('a', [a.endpoint])] },
            { name: 'reset', hostnames: ['reset.com'], backends: [serviceBackend('a', [a.endpoint])] },
            // Never requested: /stats and /metrics still list it, with zeros.
            { name: 'idle', hostnames: ['idle.com'], backends: [serviceBackend('a', [a.endpoint])] },
          ],
        },
      ]),
    );
    expect(ack.accepted).toBe(true);
    expect((await sendRequest({ port, host: 'refused.com' })).status).toBe(503);
    expect((await sendRequest({ port, host: 'slow.com', path: '/delay/2000' })).status).toBe(504);
    expect((await sendRequest({ port, host: 'slow2.com', path: '/delay/2000' })).status).toBe(504);
    expect((await sendRequest({ port, host: 'slow.com', path: '/delay/0' })).status).toBe(200);
    expect((await sendRequest({ port, host: 'reset.com', path: '/reset' })).status).toBe(502);
  });

  it('survives clients that go away mid-request and mid-upload', async () => {
    await sendRaw(port, 'GET /delay/200 HTTP/1.1\r\nHost: reset.com\r\n\r\n', { closeAfterMs: 20 });
    await sendRaw(port, 'POST / HTTP/1.1\r\nHost: reset.com\r\nContent-Length: 1000\r\n\r\npartial', { closeAfterMs: 20 });
    await new Promise((r) => setTimeout(r, 250)); // let the slow answer arrive for a client that is gone
    expect((await sendRequest({ port, host: 'reset.com' })).status).toBe(200);
  });

  it('serves stats, metrics and a redacted config dump on the admin port', async () => {
    const stats = (await (await fetch(`${proxy.adminUrl}/stats`)).json()) as { activeVersion: string; proxyId: string; requests: Record<string, unknown>[]; memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number } };
    expect(stats.memory.rssBytes).toBeGreaterThan(stats.memory.heapUsedBytes);
    expect(stats.memory.heapTotalBytes).toBeGreaterThanOrEqual(stats.memory.heapUsedBytes);
    expect(stats.activeVersion).toBe(proxy.activeVersion());
    expect(stats.proxyId).toBe('proxy-1');
    expect(stats.requests).toContainEqual(expect.objectContaining({ listener: 'test/gw/http', rule: 'HTTPRoute/test/refused/0', backend: 'test/gone:80', '5xx': 1 }));
    expect(stats.requests).toContainEqual(expect.objectContaining({ listener: 'test/gw/http', rule: 'HTTPRoute/test/main/0', backend: 'test/a:80' }));
    expect(stats.requests).toContainEqual({ listener: 'test/gw/http', rule: 'HTTPRoute/test/idle/0', backend: 'test/a:80', '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 });
    expect(stats.requests).toContainEqual({ listener: 'test/gw/http', rule: 'HTTPRoute/test/idle/0', backend: '', '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 });

    // Per-listener totals: every request the rows above counted, summed, and no rule rows.
    const totals = (await (await fetch(`${proxy.adminUrl}/stats?scope=listeners`)).json()) as { requests: Record<string, number | string>[] };
    const classes = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
    const listenerRows = totals.requests.filter((r) => r.listener === 'test/gw/http');
    expect(listenerRows).toHaveLength(1);
    expect(Object.keys(listenerRows[0]!).sort()).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', 'listener']);
    for (const cls of classes) {
      const summed = stats.requests.filter((r) => r.listener === 'test/gw/http').reduce((n, r) => n + Number(r[cls]), 0);
      expect(listenerRows[0]![cls], cls).toBe(summed);
    }
    expect(Number(listenerRows[0]!['5xx'])).toBeGreaterThan(0);

    // The series that exist, with their latency: the refused rule's rows, none for the idle rule.
    const series = (await (await fetch(`${proxy.adminUrl}/stats?scope=series`)).json()) as {
      requests: Record<string, number | string>[];
      latency: { boundsMs: number[]; rules: { rule: string; buckets: number[]; sumMs: number; count: number }[] };
    };
    expect(series.requests).toContainEqual(expect.objectContaining({ listener: 'test/gw/http', rule: 'HTTPRoute/test/refused/0', backend: 'test/gone:80', '5xx': 1 }));
    expect(series.requests.filter((r) => r.rule === 'HTTPRoute/test/idle/0')).toEqual([]);
    expect(series.latency.rules.map((h) => h.rule)).not.toContain('HTTPRoute/test/idle/0');
    const refused = series.latency.rules.find((h) => h.rule === 'HTTPRoute/test/refused/0');
    expect(refused).toMatchObject({ count: 1 });
    expect(refused!.buckets).toHaveLength(series.latency.boundsMs.length + 1);
    expect(refused!.buckets.reduce((a, b) => a + b, 0)).toBe(1);

    const metrics = await (await fetch(`${proxy.adminUrl}/metrics`)).text();
    expect(metrics).toContain('portico_proxy_requests_total{listener="test/gw/http",rule="HTTPRoute/test/backend-timeout/0",backend="test/a:80",code_class="5xx"} 1');
    expect(metrics).toContain('portico_proxy_requests_total{listener="test/gw/http",rule="HTTPRoute/test/backend-timeout/0",backend="test/a:80",code_class="2xx"} 1');
    expect(metrics).toMatch(/portico_proxy_request_duration_seconds_count\{rule="HTTPRoute\/test\/refused\/0"\} 1/);
    expect(metrics).toContain('portico_proxy_request_duration_seconds_count{rule="HTTPRoute/test/idle/0"} 0');
    expect(metrics).toContain(`portico_proxy_snapshot_info{version="${proxy.activeVersion()}"} 1`);
    expect(metrics).toMatch(/^process_resident_memory_bytes [1-9][0-9]*$/m);
    expect(metrics).toMatch(/^nodejs_heap_size_used_bytes [1-9][0-9]*$/m);

    const dump = (await (await fetch(`${proxy.adminUrl}/config_dump`)).json()) as { version: string };
    expect(dump.version).toBe(proxy.activeVersion());
    expect((await fetch(`${proxy.adminUrl}/nope`)).status).toBe(404);
  });

  it('stops the upstream request when its client goes away before the answer', async () => {
    let upstreamClosed: Promise<void> | undefined;
    const hanging: Server = createServer((req) => {
      // Never answers: only the proxy can end this request, by closing its connection.
      upstreamClosed = new Promise((resolve) => req.socket.once('close', () => resolve()));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = { address: '127.0.0.1', port: (hanging.address() as AddressInfo).port };
      const ack = await proxy.apply(buildTestSnapshot([{ name: 'http', port, routes: routesTo(a, [{ name: 'hang', hostnames: ['hang.com'], backends: [serviceBackend('hang', [endpoint])] }]) }]));
      expect(ack.accepted).toBe(true);
      await sendRaw(port, 'GET / HTTP/1.1\r\nHost: hang.com\r\n\r\n', { closeAfterMs: 100 });
      expect(upstreamClosed).toBeDefined();
      // Well before any deadline of the proxy's own (the default backend timeout is many seconds).
      const outcome = await Promise.race([upstreamClosed!.then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 2_000, 'still open'))]);
      expect(outcome).toBe('closed');
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});

describe('proxy stop during an apply', () => {
  it('lets the apply under way finish, refuses later ones, and leaves no listener bound', async () => {
    const backend = await startEchoBackend('a');
    const port = await freePort();
    const proxy = await startProxy({ feed: new ManualFeed(), portOffset: 0, adminPort: 0, logger: pino({ level: 'silent' }) });
    try {
      const routes = Array.from({ length: 2000 }, (_, i) => ({ name: `r-${i}`, hostnames: [`h${i}.com`], backends: [serviceBackend(backend.name, [backend.endpoint])] }));
      const big = buildTestSnapshot([{ name: 'http', port, routes }]);
      const applied = proxy.apply(big); // sliced: still under way when stop is called
      const stopped = proxy.stop();
      const later = proxy.apply(buildTestSnapshot([{ name: 'http', port, routes: routes.slice(0, 1) }]));
      expect((await applied).accepted).toBe(true);
      expect(await later).toMatchObject({ accepted: false, reason: 'the proxy is stopping' });
      await stopped;
      const refused = await sendRequest({ port, host: 'h1.com' }).then(
        () => 'answered',
        (err: NodeJS.ErrnoException) => err.code,
      );
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      await proxy.stop();
      await backend.stop();
    }
  });
});
