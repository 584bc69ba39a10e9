import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSnapshot, checkSnapshotDelta, type SnapshotAck, type SnapshotCheck } from '@/lib/ir/protocol';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import { captureLogger } from '@/server/auth/testing/capture-logger';
import { createHttpSnapshotFeed } from '@/server/proxy-link/http-snapshot-feed';
import { SNAPSHOT_KIND_HEADER, SNAPSHOT_VERSION_HEADER } from '@/server/proxy-link/protocol-paths';
import { createProxyApiHandler } from '@/server/proxy-link/proxy-api-handler';
import { proxyUser } from '@/server/proxy-link/proxy-identity';
import { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';
import { generateServingCertificate } from '@/server/tls/serving-certificate';
import { snapshotOnPort, tableAuthenticator } from '@/server/proxy-link/testing/proxy-link-fixtures';
import type { SnapshotFeed } from '@/server/proxy/snapshot-feed';
import { startProxy } from '@/server/proxy/start-proxy';
import { freePort, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { buildTestSnapshot } from '@/server/proxy/testing/proxy-test-snapshot';

const PROXY_TOKEN = 'proxy-token-for-tests';
const OTHER_TOKEN = 'someone-else';
const authenticator = tableAuthenticator([
  { token: PROXY_TOKEN, user: proxyUser() },
  { token: OTHER_TOKEN, user: { username: 'ana', groups: ['system:authenticated'] } },
]);

/** A snapshot answer the control plane sent: its kind and version headers, and the query it answered. */
interface Served {
  kind: string;
  version: string;
  query: URLSearchParams;
}

interface ControlPlane {
  publisher: SnapshotPublisher;
  /** Every 200 answer to a snapshot poll, in order. */
  served: Served[];
  server: Server;
  url: string;
  port: number;
  stop(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startControlPlane(options: { port?: number; pollTimeoutMs?: number } = {}): Promise<ControlPlane> {
  const publisher = new SnapshotPublisher();
  const handle = createProxyApiHandler({ publisher, authenticator, logger: captureLogger().logger, pollTimeoutMs: options.pollTimeoutMs ?? 60_000 });
  const served: Served[] = [];
  const server = createServer((req, res) => {
    // Records what the real handler sends, as the proxy sees it.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, headers?: Record<string, string>) => {
      if (status === 200 && headers?.[SNAPSHOT_KIND_HEADER]) {
        served.push({ kind: headers[SNAPSHOT_KIND_HEADER], version: headers[SNAPSHOT_VERSION_HEADER] ?? '', query: new URL(req.url ?? '/', 'http://x').searchParams });
      }
      return writeHead(status, headers);
    }) as ServerResponse['writeHead'];
    void handle(req, res);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      publisher.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopped;
  };
  cleanups.push(stop);
  return { publisher, served, server, url: `http://127.0.0.1:${port}`, port, stop };
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 2000; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A stand-in proxy: full snapshots and deltas against what it serves, like start-proxy's apply, without sockets. */
function proxyApply(applied: string[]): (raw: unknown) => SnapshotAck {
  let active: RoutingSnapshot | undefined;
  return (raw) => {
    const delta = typeof raw === 'object' && raw !== null && 'baseVersion' in raw;
    const check: SnapshotCheck = !delta ? checkSnapshot(raw) : active ? checkSnapshotDelta(raw, active) : { ok: false, version: '', reason: 'no base' };
    if (!check.ok) return { version: check.version, accepted: false, reason: check.reason, ...(active ? { activeVersion: active.version } : {}) };
    active = check.snapshot;
    applied.push(check.snapshot.version);
    const listeners = check.snapshot.listeners.map((l) => ({ name: l.name, bound: true, address: `127.0.0.1:${l.port + 8000}` }));
    return { version: check.snapshot.version, accepted: true, activeVersion: check.snapshot.version, listeners };
  };
}

function startFeed(url: string, applied: string[], token = PROXY_TOKEN, mode: 'sync' | 'async' = 'sync'): SnapshotFeed {
  const feed = createHttpSnapshotFeed({ controlPlaneUrl: url, token, proxyId: 'proxy-1', logger: captureLogger().logger, backoff: { initialMs: 10, maxMs: 50 } });
  const apply = proxyApply(applied);
  // An async apply acks after the listener sockets have bound (start-proxy's `apply`).
  feed.start(mode === 'sync' ? apply : (raw) => new Promise((resolve) => setImmediate(() => resolve(apply(raw)))));
  cleanups.push(() => feed.stop());
  return feed;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Gateway test/gw with one HTTP listener (port 80) and a redirect per name, for `<name>.test`: what the real proxy serves is observable. */
function redirectsFor(names: string[]): RoutingSnapshot {
  const routes = names.map((name) => ({ name, namespace: 'infra', hostnames: [`${name}.test`], filters: [{ type: 'RequestRedirect' as const, hostname: `${name}.example`, statusCode: 302 as const }] }));
  return buildTestSnapshot([{ name: 'http', port: 80, routes }]);
}

describe('/api/proxy', () => {
  it.each([
    ['no token', {}, 401],
    ['a wrong token', auth('nope'), 401],
    ['a malformed header', { authorization: 'Basic abc' }, 401],
    ['another user', auth(OTHER_TOKEN), 403],
  ])('refuses %s', async (_what, headers, status) => {
    const cp = await startControlPlane();
    cp.publisher.publish(snapshotOnPort(80), new Map());
    for (const [path, method] of [['/api/proxy/snapshot', 'GET'], ['/api/proxy/acks', 'POST']] as const) {
      const res = await fetch(`${cp.url}${path}`, { method, headers, body: method === 'POST' ? '{}' : undefined });
      expect(res.status).toBe(status);
      if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await res.arrayBuffer();
    }
  });

  it('answers at once with a snapshot the proxy lacks, and 204 when nothing changes within the poll timeout', async () => {
    const cp = await startControlPlane({ pollTimeoutMs: 50 });
    const snapshot = snapshotOnPort(80);
    cp.publisher.publish(snapshot, new Map([['infra/public', 2]]));
    const first = await fetch(`${cp.url}/api/proxy/snapshot?proxyId=p`, { headers: auth(PROXY_TOKEN) });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-portico-snapshot-version')).toBe(snapshot.version);
    expect(first.headers.get('x-portico-snapshot-kind')).toBe('full');
    expect(await first.json()).toEqual(snapshot);
    // Not acknowledged yet: asking with `since` still returns it (so the proxy re-acks after a control-plane restart).
    const again = await fetch(`${cp.url}/api/proxy/snapshot?proxyId=p&since=${snapshot.version}`, { headers: auth(PROXY_TOKEN) });
    expect(again.status).toBe(200);
    await again.arrayBuffer();
    const ack = await fetch(`${cp.url}/api/proxy/acks`, {
      method: 'POST',
      headers: { ...auth(PROXY_TOKEN), 'content-type': 'application/json' },
      body: JSON.stringify({ version: snapshot.version, accepted: true, proxyId: 'p', listeners: [] }),
    });
    expect(ack.status).toBe(204);
    const held = await fetch(`${cp.url}/api/proxy/snapshot?proxyId=p&since=${snapshot.version}`, { headers: auth(PROXY_TOKEN) });
    expect(held.status).toBe(204);
  });

  it('holds a long poll until a new snapshot is published, then delivers it', async () => {
    const cp = await startControlPlane();
    const v1 = snapshotOnPort(80);
    cp.publisher.publish(v1, new Map());
    const poll = fetch(`${cp.url}/api/proxy/snapshot?since=${v1.version}`, { headers: auth(PROXY_TOKEN) });
    let settled = false;
    void poll.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    const v2 = snapshotOnPort(81);
    cp.publisher.publish(v2, new Map());
    const res = await poll;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: string }).version).toBe(v2.version);
  });

  it('records valid acks per proxy and refuses invalid ones', async () => {
    const cp = await startControlPlane();
    const snapshot = snapshotOnPort(80);
    cp.publisher.publish(snapshot, new Map([['infra/public', 4]]));
    let changes = 0;
    cp.publisher.onProgrammingChange(() => changes++);
    const post = (body: unknown) =>
      fetch(`${cp.url}/api/proxy/acks`, { method: 'POST', headers: { ...auth(PROXY_TOKEN), 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect((await post('not json')).status).toBe(400);
    expect((await post({ accepted: true, proxyId: 'p' })).status).toBe(400);
    expect((await post({ version: snapshot.version, accepted: true })).status).toBe(400);
    expect(cp.publisher.acks().size).toBe(0);

    const ack = { version: snapshot.version, accepted: true, proxyId: 'p', listeners: [{ name: 'infra/public/http', bound: true, address: '127.0.0.1:8080' }] };
    expect((await post(ack)).status).toBe(204);
    expect(cp.publisher.acks().get('p')).toMatchObject(ack);
    expect(cp.publisher.acks().get('p')?.receivedAt).toBeInstanceOf(Date);
    expect(changes).toBe(1);
    expect(cp.publisher.programming().get('infra/public')).toEqual({ observedGeneration: 4, addresses: [{ type: 'IPAddress', value: '127.0.0.1' }] });
    // The same ack again changes nothing, so it does not trigger another reconcile.
    expect((await post(ack)).status).toBe(204);
    expect(changes).toBe(1);
  });
});

describe('createHttpSnapshotFeed', () => {
  it.each(['sync', 'async'] as const)('applies each published snapshot and acknowledges it (%s apply)', async (mode) => {
    const cp = await startControlPlane();
    const applied: string[] = [];
    startFeed(cp.url, applied, PROXY_TOKEN, mode);
    const v1 = snapshotOnPort(80);
    cp.publisher.publish(v1, new Map([['infra/public', 1]]));
    await waitFor(() => (cp.publisher.acks().get('proxy-1')?.version === v1.version ? true : undefined), 'the ack of v1');
    const v2 = snapshotOnPort(81);
    cp.publisher.publish(v2, new Map([['infra/public', 2]]));
    await waitFor(() => (cp.publisher.acks().get('proxy-1')?.version === v2.version ? true : undefined), 'the ack of v2');
    expect(applied).toEqual([v1.version, v2.version]);
    expect(cp.publisher.programming().get('infra/public')).toEqual({ observedGeneration: 2, addresses: [{ type: 'IPAddress', value: '127.0.0.1' }] });
    // The first as a full snapshot, the change as a delta from the version the proxy serves.
    expect(cp.served.map((s) => [s.kind, s.version, s.query.get('base')])).toEqual([
      ['full', v1.version, null],
      ['delta', v2.version, v1.version],
    ]);
  });

  it('acks a rejected snapshot with the reason and keeps polling', async () => {
    const cp = await startControlPlane();
    const applied: string[] = [];
    startFeed(cp.url, applied);
    const broken = { ...snapshotOnPort(80), version: '0000000000000000' };
    cp.publisher.publish(broken, new Map([['infra/public', 1]]));
    const ack = await waitFor(() => cp.publisher.acks().get('proxy-1'), 'the rejection');
    expect(ack).toMatchObject({ version: '0000000000000000', accepted: false });
    expect(ack.reason).toMatch(/does not match the content hash/);
    expect(cp.publisher.programming().get('infra/public')?.failure?.reason).toBe('Invalid');
    const good = snapshotOnPort(81);
    cp.publisher.publish(good, new Map([['infra/public', 2]]));
    await waitFor(() => (cp.publisher.acks().get('proxy-1')?.accepted ? true : undefined), 'the next ack');
    expect(applied).toEqual([good.version]);
  });

  it('survives the control plane restarting: re-acks the version it serves and takes the next one', async () => {
    const first = await startControlPlane();
    const applied: string[] = [];
    startFeed(first.url, applied);
    const v1 = snapshotOnPort(80);
    first.publisher.publish(v1, new Map([['infra/public', 1]]));
    await waitFor(() => (first.publisher.acks().get('proxy-1')?.version === v1.version ? true : undefined), 'the ack of v1');
    await first.stop();

    // A new control-plane process on the same port: fresh memory, same content.
    const second = await startControlPlane({ port: first.port });
    second.publisher.publish(v1, new Map([['infra/public', 1]]));
    await waitFor(() => (second.publisher.acks().get('proxy-1')?.version === v1.version ? true : undefined), 'the re-sent ack of v1');
    expect(applied).toEqual([v1.version]);
    const v2 = snapshotOnPort(81);
    second.publisher.publish(v2, new Map([['infra/public', 2]]));
    await waitFor(() => (second.publisher.acks().get('proxy-1')?.version === v2.version ? true : undefined), 'the ack of v2');
    expect(applied).toEqual([v1.version, v2.version]);
    // The new process kept v1, the version the proxy serves: the re-ack costs an empty delta, v2 a delta.
    expect(second.served.map((s) => [s.kind, s.version, s.query.get('base')])).toEqual([
      ['delta', v1.version, v1.version],
      ['delta', v2.version, v1.version],
    ]);
  });

  it('sends changes to the real proxy as deltas, which it serves; a delta it rejects is followed at once by the full snapshot', async () => {
    const cp = await startControlPlane();
    const port = await freePort();
    const feed = createHttpSnapshotFeed({ controlPlaneUrl: cp.url, token: PROXY_TOKEN, proxyId: 'real', logger: captureLogger().logger, backoff: { initialMs: 10, maxMs: 50 } });
    const proxy = await startProxy({ feed, portOffset: port - 80, adminPort: 0, logger: captureLogger().logger, proxyId: 'real' });
    cleanups.push(() => proxy.stop());
    const acks: SnapshotAck[] = [];
    cp.publisher.onProgrammingChange(() => acks.push({ ...(cp.publisher.acks().get('real') as SnapshotAck) }));
    const statusFor = async (host: string) => (await sendRequest({ port, host })).status;
    const acked = (version: string) => waitFor(() => (cp.publisher.acks().get('real')?.version === version && proxy.activeVersion() === version ? true : undefined), `the proxy to serve and ack ${version}`);

    const v1 = redirectsFor(['a']);
    cp.publisher.publish(v1, new Map([['test/gw', 1]]));
    await acked(v1.version);
    expect([await statusFor('a.test'), await statusFor('b.test')]).toEqual([302, 404]);

    const v2 = redirectsFor(['a', 'b']);
    cp.publisher.publish(v2, new Map([['test/gw', 1]]));
    await acked(v2.version);
    expect([await statusFor('a.test'), await statusFor('b.test')]).toEqual([302, 302]);
    expect(cp.served.map((s) => [s.kind, s.version])).toEqual([
      ['full', v1.version],
      ['delta', v2.version],
    ]);

    // Something else moves the proxy off the version the feed last acked: the next delta does not apply.
    const elsewhere = redirectsFor(['c']);
    expect((await proxy.apply(elsewhere)).accepted).toBe(true);
    const v3 = redirectsFor(['b', 'd']);
    cp.publisher.publish(v3, new Map([['test/gw', 1]]));
    await acked(v3.version);
    expect(cp.served.slice(2).map((s) => [s.kind, s.version, s.query.get('base'), s.query.get('since')])).toEqual([
      ['delta', v3.version, v2.version, v2.version],
      ['full', v3.version, null, null],
    ]);
    expect(await Promise.all(['a.test', 'b.test', 'c.test', 'd.test'].map(statusFor))).toEqual([404, 302, 404, 302]);
    // The rejected delta was never acked: Programmed did not flap.
    expect(acks.filter((a) => !a.accepted)).toEqual([]);
    expect(cp.publisher.programming().get('test/gw')).toEqual({ observedGeneration: 1, addresses: [{ type: 'IPAddress', value: '127.0.0.1' }] });

    // And the feed is back on deltas, from the version it now serves.
    const v4 = redirectsFor(['a', 'b', 'd']);
    cp.publisher.publish(v4, new Map([['test/gw', 1]]));
    await acked(v4.version);
    expect(cp.served.slice(4).map((s) => [s.kind, s.query.get('base')])).toEqual([['delta', v3.version]]);
    expect(await statusFor('a.test')).toBe(302);
  });

  it('does not loop on a full snapshot the real proxy rejects: it waits for the next version, sent as a delta from what it serves', async () => {
    const cp = await startControlPlane();
    const port = await freePort();
    const feed = createHttpSnapshotFeed({ controlPlaneUrl: cp.url, token: PROXY_TOKEN, proxyId: 'real', logger: captureLogger().logger, backoff: { initialMs: 10, maxMs: 50 } });
    const proxy = await startProxy({ feed, portOffset: port - 80, adminPort: 0, logger: captureLogger().logger, proxyId: 'real' });
    cleanups.push(() => proxy.stop());
    const v1 = redirectsFor(['a']);
    cp.publisher.publish(v1, new Map());
    await waitFor(() => (cp.publisher.acks().get('real')?.version === v1.version ? true : undefined), 'the ack of v1');

    const broken = { ...redirectsFor(['b']), version: '0000000000000000' };
    cp.publisher.publish(broken, new Map());
    const rejection = await waitFor(() => (cp.publisher.acks().get('real')?.version === broken.version ? cp.publisher.acks().get('real') : undefined), 'the rejection');
    expect(rejection).toMatchObject({ accepted: false, activeVersion: v1.version });
    await new Promise((r) => setTimeout(r, 200));
    // The broken one went out as a delta (the proxy serves v1), was rejected, then once in full, rejected and acked: no more.
    expect(cp.served.map((s) => [s.kind, s.version])).toEqual([
      ['full', v1.version],
      ['delta', broken.version],
      ['full', broken.version],
    ]);

    const v2 = redirectsFor(['a', 'c']);
    cp.publisher.publish(v2, new Map());
    await waitFor(() => (cp.publisher.acks().get('real')?.version === v2.version ? true : undefined), 'the ack of v2');
    expect(cp.served.slice(3).map((s) => [s.kind, s.query.get('base')])).toEqual([['delta', v1.version]]);
    expect(proxy.activeVersion()).toBe(v2.version);
  });

  it('talks to an https control plane, trusting only the CA it was given', async () => {
    const { certPem, keyPem } = await generateServingCertificate(['127.0.0.1', 'localhost']);
    const publisher = new SnapshotPublisher();
    const handle = createProxyApiHandler({ publisher, authenticator, logger: captureLogger().logger });
    const server = createHttpsServer({ cert: certPem, key: keyPem }, (req, res) => void handle(req, res));
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          publisher.close();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const snapshot = snapshotOnPort(80);
    publisher.publish(snapshot, new Map());

    const untrusting: string[] = [];
    const logs = captureLogger();
    const refused = createHttpSnapshotFeed({ controlPlaneUrl: `https://127.0.0.1:${port}`, token: PROXY_TOKEN, proxyId: 'no-ca', logger: logs.logger, backoff: { initialMs: 10, maxMs: 50 } });
    refused.start(proxyApply(untrusting));
    cleanups.push(() => refused.stop());
    await waitFor(() => (logs.text().includes('control plane request failed') ? true : undefined), 'the TLS failure to be logged');
    expect(untrusting).toEqual([]);

    const applied: string[] = [];
    const feed = createHttpSnapshotFeed({ controlPlaneUrl: `https://127.0.0.1:${port}`, token: PROXY_TOKEN, ca: certPem, proxyId: 'proxy-1', logger: captureLogger().logger });
    feed.start(proxyApply(applied));
    cleanups.push(() => feed.stop());
    await waitFor(() => (publisher.acks().get('proxy-1')?.version === snapshot.version ? true : undefined), 'the ack over https');
    expect(applied).toEqual([snapshot.version]);
  });

  it('keeps retrying while the control plane refuses its token, says why, and stops promptly', async () => {
    const cp = await startControlPlane();
    cp.publisher.publish(snapshotOnPort(80), new Map());
    const applied: string[] = [];
    const logs = captureLogger();
    const feed = createHttpSnapshotFeed({ controlPlaneUrl: cp.url, token: 'wrong-token', proxyId: 'p', logger: logs.logger, backoff: { initialMs: 10, maxMs: 20 } });
    feed.start(proxyApply(applied));
    cleanups.push(() => feed.stop());
    await waitFor(() => (logs.lines().filter((l) => JSON.stringify(l).includes('answered 401')).length >= 2 ? true : undefined), 'two refused attempts');
    expect(applied).toEqual([]);
    await feed.stop();
  });
});
