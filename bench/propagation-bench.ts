import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/server/proxy/testing/proxy-test-client';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';
import { closeProbes, cpuSeconds, findProxyPid, type LoadReport, probe, rssMb, startBackend, startLoad } from './bench-processes';

/**
 * `npm run bench -- propagation`: route propagation end to end through a real Portico (API
 * server, controller, snapshot protocol, bundled proxy as its own process), on 127.0.0.1 (or
 * the loopback address the Gateway reports). It creates N HTTPRoutes (5 path prefixes on each
 * of N/5 hosts) through /k8s, then with paced keep-alive load running on the existing routes:
 * times 100 new routes from the API call until the proxy answers 200 (p50/p90/p99/max),
 * changes 1,000 routes (a ResponseHeaderModifier added to each host's /p0 rule) while the load
 * hits only the unchanged `/` rules, and reports the load's errors, plus RSS and CPU of Portico
 * and its proxy. The first WARMUP new routes are timed and printed apart: right after the bulk
 * create, V8 deoptimises and re-optimises the controller's single-change paths (new object
 * shapes reach code optimised during the bulk), which costs those routes 50-150 ms each. Aims
 * (data-plane issue): propagation p99 < 100 ms, 0 errors for unchanged routes during churn,
 * proxy RSS < 150 MB with 10,000 routes.
 *
 * Env (for development; the defaults are the figures):
 *   PORTICO_BENCH_ROUTES    routes created up front (default 10000; a multiple of 5)
 *   PORTICO_BENCH_SAMPLES   new routes timed for propagation (default 100)
 *   PORTICO_BENCH_WARMUP    new routes timed first and reported apart (default 20)
 *   PORTICO_BENCH_CHURN     routes changed under load (default 1000, at most ROUTES/5)
 *   PORTICO_BENCH_LOAD_RPS  paced load, requests/s over 8 connections (default 1000)
 */
const ROUTES = Number(process.env.PORTICO_BENCH_ROUTES ?? 10_000);
const PER_HOST = 5;
const HOSTS = Math.floor(ROUTES / PER_HOST);
const SAMPLES = Number(process.env.PORTICO_BENCH_SAMPLES ?? 100);
const WARMUP = Number(process.env.PORTICO_BENCH_WARMUP ?? 20);
const CHURN = Math.min(Number(process.env.PORTICO_BENCH_CHURN ?? 1_000), HOSTS);
const LOAD_RPS = Number(process.env.PORTICO_BENCH_LOAD_RPS ?? 1_000);
const LOAD_CONNECTIONS = 8;
const IN_FLIGHT = 16;
const NS = 'bench';
const SUFFIX = 'bench.com';
const GW_API = '/apis/gateway.networking.k8s.io/v1';
/** Generous bounds: a route that takes longer is a failure, not a slow sample. */
const ROUTE_TIMEOUT_MS = 30_000;
const WORLD_TIMEOUT_MS = 10 * 60_000;

interface Api {
  send(method: string, apiPath: string, body?: object): Promise<unknown>;
}

function createApi(portico: PorticoProcess, token: string): Api {
  return {
    async send(method, apiPath, body) {
      const res = await fetch(`${portico.url}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as unknown) : undefined;
    },
  };
}

/** Throws when Portico is gone, so a crash reads as a crash and not as a slow route. */
function assertAlive(portico: PorticoProcess): void {
  if (portico.child.exitCode !== null || portico.child.signalCode !== null) throw new Error(`portico exited (${portico.child.exitCode ?? portico.child.signalCode}) during the bench`);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` over `items` with at most `limit` in flight (the API's realistic client concurrency). */
async function inPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

function route(name: string, host: string, prefix: string, filters: object[] = []): object {
  const rule = { matches: [{ path: { type: 'PathPrefix', value: prefix } }], ...(filters.length ? { filters } : {}), backendRefs: [{ name: 'echo', port: 8080 }] };
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: NS }, spec: { parentRefs: [{ name: 'gw' }], hostnames: [host], rules: [rule] } };
}

/** Host h's 5 routes: /p0../p3 and `/`; the load and the readiness probes use `/bench`, which only `/` matches. */
const prefixOf = (r: number): string => (r === PER_HOST - 1 ? '/' : `/p${r}`);
const CHURN_FILTER = [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'x-bench-rev', value: '1' }] } }];

/** Namespace, GatewayClass, Gateway, Service + EndpointSlice for the echo backend; resolves with the Gateway's address. */
async function createWorld(api: Api, portico: PorticoProcess, backendPort: number): Promise<string> {
  await api.send('POST', '/k8s/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await api.send('POST', `/k8s${GW_API}/gatewayclasses`, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'portico' }, spec: { controllerName: 'portico.dev/gateway-controller' } });
  await api.send('POST', `/k8s${GW_API}/namespaces/${NS}/gateways`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: NS },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }] },
  });
  await api.send('POST', `/k8s/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: NS }, spec: { ports: [{ name: 'http', port: 8080, targetPort: 3000 }] } });
  await api.send('POST', `/k8s/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'echo-1', namespace: NS, labels: { 'kubernetes.io/service-name': 'echo' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }],
  });
  for (let i = 0; i < 600; i++) {
    assertAlive(portico);
    const gw = (await api.send('GET', `/k8s${GW_API}/namespaces/${NS}/gateways/gw`)) as { status?: { addresses?: { value: string }[]; conditions?: { type: string; status: string }[] } };
    const programmed = gw.status?.conditions?.some((c) => c.type === 'Programmed' && c.status === 'True');
    if (programmed && gw.status?.addresses?.[0]) return gw.status.addresses[0].value;
    await sleep(100);
  }
  throw new Error('Gateway bench/gw never became Programmed with an address');
}

/** Polls until every host in `hosts` passes `served`, one probe per pending host per round. */
async function waitServed(portico: PorticoProcess, hosts: readonly number[], served: (h: number) => Promise<boolean>, what: string): Promise<void> {
  let pending = [...hosts];
  const deadline = performance.now() + WORLD_TIMEOUT_MS;
  while (pending.length > 0) {
    assertAlive(portico);
    if (performance.now() > deadline) throw new Error(`${pending.length} of ${hosts.length} ${what} never served (first: h${pending[0]}.${SUFFIX})`);
    const next: number[] = [];
    await inPool(pending, IN_FLIGHT, async (h) => {
      if (!(await served(h))) next.push(h);
    });
    pending = next;
    if (pending.length > 0) await sleep(50);
  }
}

/**
 * Idle: the proxy serves the published snapshot, that version has not moved for 2 s, and every
 * route's status reflects its current generation (the controller has written all statuses).
 */
async function waitIdle(api: Api, portico: PorticoProcess): Promise<void> {
  let stableSince = performance.now();
  let lastVersion: string | null = null;
  const deadline = performance.now() + WORLD_TIMEOUT_MS;
  while (performance.now() < deadline) {
    assertAlive(portico);
    const proxies = (await api.send('GET', '/api/proxies')) as { publishedVersion: string | null; proxies: { upToDate: boolean }[] };
    if (proxies.publishedVersion !== lastVersion) [lastVersion, stableSince] = [proxies.publishedVersion, performance.now()];
    const upToDate = proxies.proxies.length > 0 && proxies.proxies.every((p) => p.upToDate);
    if (upToDate && performance.now() - stableSince >= 2_000 && (await statusesCurrent(api))) return;
    await sleep(500);
  }
  throw new Error('the controller did not become idle');
}

async function statusesCurrent(api: Api): Promise<boolean> {
  type Listed = { items: { metadata: { generation?: number }; status?: { parents?: { conditions?: { type: string; observedGeneration?: number }[] }[] } }[] };
  const list = (await api.send('GET', `/k8s${GW_API}/namespaces/${NS}/httproutes`)) as Listed;
  return list.items.every((r) => r.status?.parents?.[0]?.conditions?.some((c) => c.type === 'Accepted' && c.observedGeneration === r.metadata.generation));
}

/** `count` new routes on new hosts, one at a time: ms from the API call's start until the proxy answers 200 (sorted). */
async function measurePropagation(api: Api, portico: PorticoProcess, address: string, port: number, count: number, prefix: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const host = `${prefix}${i}.${SUFFIX}`;
    const started = performance.now();
    await api.send('POST', `/k8s${GW_API}/namespaces/${NS}/httproutes`, route(`${prefix}-${i}`, host, '/'));
    // A 404 (or a socket error) is "not yet"; poll with a fresh request every ~2 ms.
    while ((await probe(address, port, host)).status !== 200) {
      if (performance.now() - started > ROUTE_TIMEOUT_MS) throw new Error(`new route ${host} did not answer 200 within ${ROUTE_TIMEOUT_MS} ms`);
      assertAlive(portico);
      await sleep(2);
    }
    times.push(performance.now() - started);
  }
  return times.sort((x, y) => x - y);
}

/** Changes /p0 of hosts h0..h(CHURN-1); resolves with ms until the API took them all and until all are served. */
async function churn(api: Api, portico: PorticoProcess, address: string, port: number): Promise<{ acceptedMs: number; servedMs: number }> {
  const hosts = Array.from({ length: CHURN }, (_, h) => h);
  const started = performance.now();
  await inPool(hosts, IN_FLIGHT, (h) => api.send('PATCH', `/k8s${GW_API}/namespaces/${NS}/httproutes/r-${h}-0`, { spec: (route('', `h${h}.${SUFFIX}`, '/p0', CHURN_FILTER) as { spec: object }).spec }));
  const acceptedMs = performance.now() - started;
  await waitServed(portico, hosts, async (h) => (await probe(address, port, `h${h}.${SUFFIX}`, '/p0/x')).headers['x-bench-rev'] === '1', 'changed routes');
  return { acceptedMs, servedMs: performance.now() - started };
}

interface Usage {
  rss: { portico: number; proxy: number };
  cpu: { portico: number; proxy: number };
}

function usage(porticoPid: number, proxyPid: number): Usage {
  return { rss: { portico: rssMb(porticoPid), proxy: rssMb(proxyPid) }, cpu: { portico: cpuSeconds(porticoPid), proxy: cpuSeconds(proxyPid) } };
}

/** Nearest rank: with 100 samples p99 is the 99th, so it differs from the max. */
const quantile = (sorted: number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
const ms = (n: number): string => `${n.toFixed(1)} ms`;

function loadLine(load: LoadReport): string {
  const statuses = Object.entries(load.statuses).map(([code, count]) => `${code}:${count}`).join(' ');
  const failures = load.failures.length ? `  first failures: ${load.failures.join('; ')}` : '';
  return `load during propagation + churn: ${load.requests} requests in ${load.seconds.toFixed(1)} s (${(load.requests / load.seconds).toFixed(0)} req/s, p50 ${ms(load.p50)}, p99 ${ms(load.p99)}), socket errors ${load.errors}, non-2xx ${load.non2xx} [${statuses}]${failures}`;
}

export async function benchPropagation(): Promise<void> {
  if (ROUTES % PER_HOST !== 0 || HOSTS < 1) throw new Error(`PORTICO_BENCH_ROUTES must be a positive multiple of ${PER_HOST}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-propagation-bench-'));
  const token = randomBytes(24).toString('hex');
  const listenerPort = await freePort();
  const backend = await startBackend();
  let portico: PorticoProcess | undefined;
  let load: ReturnType<typeof startLoad> | undefined;
  try {
    portico = await startPorticoProcess({ dataDir, env: { PORTICO_PROXY: '1', PORTICO_DEMO: '0', PORTICO_ADMIN_TOKEN: token, PORTICO_LISTENER_PORT_OFFSET: String(listenerPort - 80), PORTICO_PROXY_ADMIN_PORT: '0' } });
    const api = createApi(portico, token);
    const address = await createWorld(api, portico, backend.port);
    const porticoPid = portico.child.pid!;
    const proxyPid = findProxyPid(porticoPid);
    if (proxyPid === undefined) throw new Error('no bundled proxy child found under the Portico process');

    // Host by host in creation order, so the 16 requests in flight are spread over few hosts.
    const names = Array.from({ length: ROUTES }, (_, i) => [Math.floor(i / PER_HOST), i % PER_HOST] as const);
    const createStarted = performance.now();
    let created = 0;
    await inPool(names, IN_FLIGHT, async ([h, r]) => {
      await api.send('POST', `/k8s${GW_API}/namespaces/${NS}/httproutes`, route(`r-${h}-${r}`, `h${h}.${SUFFIX}`, prefixOf(r)));
      if (++created % 2_000 === 0) console.log(`  created ${created} routes in ${((performance.now() - createStarted) / 1000).toFixed(1)} s`);
    });
    const createMs = performance.now() - createStarted;
    await waitServed(portico, Array.from({ length: HOSTS }, (_, h) => h), async (h) => (await probe(address, listenerPort, `h${h}.${SUFFIX}`)).status === 200, 'hosts');
    const allServedMs = performance.now() - createStarted;
    await waitIdle(api, portico);
    const idleMs = performance.now() - createStarted;
    const afterCreate = usage(porticoPid, proxyPid);

    // Load only on `/bench`, which only the unchanged `/` rule of each host matches.
    load = startLoad({ address, port: listenerPort, suffix: SUFFIX, hosts: HOSTS, connections: LOAD_CONNECTIONS, rps: LOAD_RPS });
    await sleep(1_000);
    const beforeMeasure = usage(porticoPid, proxyPid);
    const measureStarted = performance.now();
    const warmup = await measurePropagation(api, portico, address, listenerPort, WARMUP, 'first');
    const propagation = await measurePropagation(api, portico, address, listenerPort, SAMPLES, 'new');
    const changed = await churn(api, portico, address, listenerPort);
    const end = usage(porticoPid, proxyPid);
    const measureEnded = performance.now();
    const loadReport = await load.stop();
    load = undefined;
    if (findProxyPid(porticoPid) !== proxyPid) throw new Error('the bundled proxy was restarted during the bench');

    const q = (x: number): string => ms(quantile(propagation, x));
    console.log(`propagation end to end: real Portico + bundled proxy, ${ROUTES} HTTPRoutes over ${HOSTS} hosts, Gateway ${address}:${listenerPort}, ${IN_FLIGHT} API requests in flight`);
    console.log(`create ${ROUTES} routes via /k8s: ${(createMs / 1000).toFixed(1)} s (${((ROUTES * 1000) / createMs).toFixed(0)} routes/s); all ${HOSTS} hosts answer 200 after ${(allServedMs / 1000).toFixed(1)} s; controller idle after ${(idleMs / 1000).toFixed(1)} s`);
    if (warmup.length > 0) console.log(`first ${WARMUP} new routes after the bulk create (V8 re-optimising): p50 ${ms(quantile(warmup, 0.5))}  max ${ms(warmup[warmup.length - 1] ?? 0)}`);
    console.log(`new route -> 200 through the proxy (${SAMPLES} samples after those, load running): p50 ${q(0.5)}  p90 ${q(0.9)}  p99 ${q(0.99)}  max ${ms(propagation[propagation.length - 1] ?? 0)}  (aim p99 < 100 ms)`);
    console.log(`churn: ${CHURN} routes changed, API took them in ${(changed.acceptedMs / 1000).toFixed(1)} s, all served after ${(changed.servedMs / 1000).toFixed(1)} s`);
    console.log(`${loadLine(loadReport)}  (aim 0 errors)`);
    console.log(`RSS after create: proxy ${afterCreate.rss.proxy.toFixed(0)} MB, portico ${afterCreate.rss.portico.toFixed(0)} MB; at end: proxy ${end.rss.proxy.toFixed(0)} MB, portico ${end.rss.portico.toFixed(0)} MB  (aim proxy < 150 MB)`);
    console.log(`CPU during propagation + churn (${((measureEnded - measureStarted) / 1000).toFixed(0)} s): proxy ${(end.cpu.proxy - beforeMeasure.cpu.proxy).toFixed(1)} s, portico ${(end.cpu.portico - beforeMeasure.cpu.portico).toFixed(1)} s`);
  } finally {
    if (load) await load.stop().catch(() => undefined);
    closeProbes();
    await portico?.stop();
    backend.child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
