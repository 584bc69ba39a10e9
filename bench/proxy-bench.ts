import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { computeSnapshotVersion, createSnapshotHashCache, type SnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type SnapshotAck } from '@/lib/ir/protocol';
import { type IrRoute, type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { createProxyApiHandler } from '@/server/proxy-link/proxy-api-handler';
import { proxyUser } from '@/server/proxy-link/proxy-identity';
import { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';
import { tableAuthenticator } from '@/server/proxy-link/testing/proxy-link-fixtures';
import { PROXY_NODE_FLAGS } from '@/server/supervisor/proxy-child-spec';
import { freePort, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { buildTestSnapshot, serviceBackend, type TestRoute } from '@/server/proxy/testing/proxy-test-snapshot';
import { cpuSecondsIfKnown, rssMb, startBackend } from './bench-processes';
import { loadGeneratorName, type LoadResult, runLoad, startLoadGenerator } from './load-generator';
import { startNginx } from './nginx-reference';
import { phaseOrder } from './phase-order';
import { type DuelResult, slicedDuel } from './sliced-duel';

/**
 * `npm run bench -- proxy`: requests/s, p50/p99 latency and CPU per request on 127.0.0.1,
 * direct to a backend, through the proxy (1 route; 10,000 routes over 2,000 hosts) and
 * through nginx when installed, all in one run, with the ratios; then, with 10,000 routes: the
 * propagation of a new route, 1,000 route changes under load (requests to the unchanged routes
 * must all succeed), and the proxy's memory. The proxy is the real `portico proxy` process fed
 * over the real snapshot protocol (this process plays the control plane: each new version
 * reaches the proxy as a delta); the backend, nginx and the load generator (wrk when
 * installed) are processes of their own too, so each CPU figure, read from /proc, is one
 * process's alone. Bounded: a few seconds per phase. CPU per request varies by ±20 % from one
 * phase to the next on a small VM, so the throughput phases run ROUNDS times, interleaved
 * (direct, then the proxy with 1 route, the proxy with 10,000 routes and nginx; one proxy
 * process per configuration), and the figures are medians with their range; each ratio is also
 * given as the median of its per-round ratios. Within a round the proxies and nginx run in
 * halves, mirrored and rotated from round to round (phase-order.ts), which cancels drift within
 * a round and any edge of a position: the 1-route proxy measured 6 % and 2 % faster right after
 * the direct phase than right after the 10,000-route one. The two proxies then run again, in
 * turns of 250 ms for a minute, three times (sliced-duel.ts), for the 10,000-route ratio with
 * the least drift in it: one from rounds of seconds varies by ±5-10 % here even when the rounds
 * run back to back (an earlier version of this bench ran them so, A B B A), one from a minute
 * in turns by about ±2.5 % (two identical 10,000-route proxies measured 0.975x to 1.022x of
 * each other in five such minutes), and the three together by about ±1.5 %. Loading
 * both at once would cancel the drift entirely, but not fairly: the two then share the CPU
 * caches, and the 1-route proxy, whose few hot objects stay cached when it runs alone, pays
 * misses it otherwise would not (in three runs, side by side measured the 10,000-route CPU per
 * request at 0.98x to 1.01x of 1 route, where the interleaved rounds measured 1.05x to 1.18x).
 */
const PHASE_MS = 3_000;
/** Each proxy and nginx phase of a round runs as two halves (see phase-order.ts); wrk counts whole seconds. */
const HALF_PHASE_MS = 2_000;
/** A multiple of 3, so that each of the three compared configurations runs first equally often. */
const ROUNDS = Math.max(1, Number(process.env.PORTICO_BENCH_ROUNDS ?? 6));
const WARMUP_MS = 1_000;
/** The two proxies in turns (sliced-duel.ts): DUELS times 30 s each, in turns of 250 ms. */
const DUEL_MS = 60_000;
const DUEL_SLICE_MS = 250;
const DUELS = 3;
const CONNECTIONS = 32;
export const HOSTS = 2_000;
export const ROUTES = 10_000;
const ROUTES_PER_HOST = ROUTES / HOSTS;
const PROPAGATION_SAMPLES = 100;
/** Route changes under load, sent as deltas of CHURN_BATCH routes each (as a busy controller batches). */
const CHURN_ROUTES = 1_000;
const CHURN_BATCH = 10;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** CPU microseconds a process has used (Linux /proc; undefined elsewhere). */
function processCpuUs(pid: number | undefined): number | undefined {
  const seconds = cpuSecondsIfKnown(pid);
  return seconds === undefined ? undefined : seconds * 1_000_000;
}

/** Runs `load` and returns its result with the CPU microseconds per request `pid` spent meanwhile. */
async function measured(pid: number | undefined, load: () => Promise<LoadResult>): Promise<[LoadResult, number | undefined]> {
  const before = processCpuUs(pid);
  const result = await load();
  const after = processCpuUs(pid);
  return [result, before === undefined || after === undefined ? undefined : (after - before) / Math.max(1, result.requests)];
}

/**
 * The real `portico proxy` process (bin/portico.mjs, as `npm start` runs it), fed by a real
 * control-plane end of the snapshot protocol on 127.0.0.1 (the publisher sends deltas against
 * the version the proxy serves, as in production).
 */
interface BenchProxy {
  pid: number | undefined;
  /** Publishes a snapshot and resolves with the proxy's ack of it. */
  publish(snapshot: RoutingSnapshot): Promise<SnapshotAck>;
  /** The proxy process's resident memory now, in MB (Linux /proc). */
  rssMb(): number;
  /** The proxy's V8 heap in use, in MB, from its admin `/stats`. */
  heapMb(): Promise<number>;
  stop(): Promise<void>;
}

const PROXY_ID = 'bench';

export async function startBenchProxy(nodeOptions = process.env.PORTICO_BENCH_PROXY_NODE_OPTIONS, nodeFlags: readonly string[] = PROXY_NODE_FLAGS): Promise<BenchProxy> {
  const token = randomBytes(24).toString('hex');
  const publisher = new SnapshotPublisher();
  const handler = createProxyApiHandler({ publisher, authenticator: tableAuthenticator([{ token, user: proxyUser() }]), logger: pino({ level: 'silent' }) });
  const controlPlane = createServer((req, res) => void handler(req, res));
  controlPlane.listen(0, '127.0.0.1');
  await once(controlPlane, 'listening');
  const url = `http://127.0.0.1:${(controlPlane.address() as AddressInfo).port}`;
  const child = spawn(process.execPath, [...nodeFlags, path.join(ROOT, 'bin', 'portico.mjs'), 'proxy', '--control-plane', url, '--proxy-id', PROXY_ID, '--port-offset', '0', '--admin-port', '0'], {
    cwd: ROOT,
    env: { ...process.env, PORTICO_PROXY_TOKEN: token, PORTICO_LOG_LEVEL: 'warn', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const publish = (snapshot: RoutingSnapshot): Promise<SnapshotAck> =>
    new Promise((resolve) => {
      const check = (): boolean => {
        const ack = publisher.acks().get(PROXY_ID);
        if (ack?.version !== snapshot.version) return false;
        unsubscribe();
        resolve(ack);
        return true;
      };
      const unsubscribe = publisher.onProgrammingChange(check);
      publisher.publish(snapshot, new Map());
      check();
    });
  return {
    pid: child.pid,
    publish,
    rssMb: () => (child.pid === undefined ? Number.NaN : rssMb(child.pid)),
    heapMb: async () => {
      const stats = (await (await fetch(`${publisher.acks().get(PROXY_ID)?.adminUrl ?? ''}/stats`)).json()) as { memory: { heapUsedBytes: number } };
      return stats.memory.heapUsedBytes / 2 ** 20;
    },
    stop: async () => {
      // Idempotent: a second stop finds the process gone.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      publisher.close();
      controlPlane.closeAllConnections();
      controlPlane.close();
    },
  };
}

async function publishOrThrow(proxy: BenchProxy, snapshot: RoutingSnapshot): Promise<void> {
  const ack = await proxy.publish(snapshot);
  if (!ack.accepted || !ack.listeners?.every((l) => l.bound)) throw new Error(`bench snapshot not served: ${JSON.stringify(ack)}`);
}

/** 10,000 routes: 5 path prefixes on each of 2,000 hosts, the last one `/` (what the load requests). */
export function manyRoutes(backend: { address: string; port: number }): TestRoute[] {
  const routes: TestRoute[] = [];
  for (let h = 0; h < HOSTS; h++) {
    for (let r = 0; r < ROUTES_PER_HOST; r++) {
      routes.push({ name: `r-${h}-${r}`, hostnames: [`h${h}.bench.com`], matches: [{ path: { type: 'PathPrefix', value: r === ROUTES_PER_HOST - 1 ? '/' : `/p${r}` } }], backends: [serviceBackend('echo', [backend])] });
    }
  }
  return routes;
}

/** `snapshot` with the listener replaced and versioned (hashing only what changed, through `cache`). */
function withListener(snapshot: RoutingSnapshot, listener: IrListener, cache: SnapshotHashCache): RoutingSnapshot {
  return versionSnapshot({ schemaVersion: snapshot.schemaVersion, listeners: [listener], certificates: snapshot.certificates }, cache);
}

/**
 * Propagation: a new route on a new host; the time runs from publishing the new snapshot (the
 * proxy, waiting in its long poll, gets it as a delta) until the new host answers 200.
 */
async function measurePropagation(proxy: BenchProxy, base: RoutingSnapshot, endpoint: { address: string; port: number }, port: number, cache: SnapshotHashCache): Promise<{ times: number[]; current: RoutingSnapshot }> {
  let current = base;
  const times: number[] = [];
  for (let i = 0; i < PROPAGATION_SAMPLES; i++) {
    const listener = current.listeners[0] as IrListener;
    const source = { kind: 'HTTPRoute' as const, namespace: 'test', name: `new-${i}`, ruleIndex: 0 };
    const rule: IrRule = { id: `HTTPRoute/test/new-${i}/0`, source, filters: [], backends: [serviceBackend('echo', [endpoint])] };
    const route: IrRoute = { kind: 'HTTPRoute', id: `${rule.id}/0`, rule: rule.id, source: { ...source, matchIndex: 0 }, match: { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] } };
    const rules = [...listener.rules, rule].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const next = withListener(current, { ...listener, rules, virtualHosts: [{ hostname: `new${i}.bench.com`, routes: [route] }, ...listener.virtualHosts] }, cache);
    const started = performance.now();
    const acked = proxy.publish(next);
    while ((await sendRequest({ port, host: `new${i}.bench.com`, path: '/bench' })).status !== 200);
    times.push(performance.now() - started);
    const ack = await acked;
    if (!ack.accepted) throw new Error(`propagation snapshot rejected: ${ack.reason}`);
    current = next;
  }
  return { times: times.sort((x, y) => x - y), current };
}

/** The snapshot with the first route of each host in `hosts` moved to path prefix `/v<round>`. */
export function changeRoutes(snapshot: RoutingSnapshot, hosts: readonly number[], round: number, cache: SnapshotHashCache): RoutingSnapshot {
  const listener = snapshot.listeners[0] as IrListener;
  const wanted = new Set(hosts.map((h) => `h${h}.bench.com`));
  const virtualHosts = listener.virtualHosts.map((vh): IrVirtualHost => {
    if (!wanted.has(vh.hostname)) return vh;
    const [first, ...rest] = vh.routes as [IrRoute, ...IrRoute[]];
    if (first.kind !== 'HTTPRoute') return vh;
    return { ...vh, routes: [{ ...first, match: { ...first.match, path: { type: 'PathPrefix', value: `/v${round}` } } }, ...rest] };
  });
  return withListener(snapshot, { ...listener, virtualHosts }, cache);
}

/**
 * 1,000 route changes (on hosts h0..h999, in deltas of CHURN_BATCH) while the load runs against
 * the unchanged hosts h1000..h1999: every one of those requests must succeed. Then checks that
 * the changed routes serve their new paths.
 */
async function measureChurn(proxy: BenchProxy, base: RoutingSnapshot, port: number, cache: SnapshotHashCache): Promise<{ load: LoadResult; changed: number; ms: number }> {
  const changedHosts = Math.min(CHURN_ROUTES, HOSTS / 2);
  const load = runLoad({ port, host: 'bench.com', ms: PHASE_MS * 2, connections: CONNECTIONS, hostCount: HOSTS - changedHosts, firstHost: changedHosts });
  await new Promise((resolve) => setTimeout(resolve, 200)); // the load is running before the first change
  let current = base;
  let changed = 0;
  const started = performance.now();
  for (let first = 0; changed < CHURN_ROUTES; first += CHURN_BATCH) {
    const hosts = Array.from({ length: CHURN_BATCH }, (_, i) => (first + i) % changedHosts);
    const next = changeRoutes(current, hosts, Math.floor(first / changedHosts), cache);
    const ack = await proxy.publish(next);
    if (!ack.accepted) throw new Error(`churn snapshot rejected: ${ack.reason}`);
    current = next;
    changed += hosts.length;
  }
  const ms = performance.now() - started;
  const result = await load;
  for (const h of [0, changedHosts - 1]) {
    const status = (await sendRequest({ port, host: `h${h}.bench.com`, path: '/v0/x' })).status;
    if (status !== 200) throw new Error(`changed route on h${h} answers ${status}, not 200`);
  }
  return { load: result, changed, ms };
}

type Sample = [LoadResult, number | undefined];

/** One side's duels as one: requests and time summed, CPU per request weighted by requests. */
function joinDuels(results: readonly DuelResult[]): DuelResult {
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const cpu = results.every((r) => r.cpuUs !== undefined) ? results.reduce((sum, r) => sum + r.cpuUs! * r.requests, 0) / Math.max(1, requests) : undefined;
  return { requests, failures: results.reduce((sum, r) => sum + r.failures, 0), seconds, rps: requests / seconds, cpuUs: cpu };
}

/** `a / b` as `1.23x`, or n/a when either is unknown (no /proc). */
function cpuRatio(a: number | undefined, b: number | undefined, digits = 2): string {
  return a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(digits)}x`;
}

const duelFigures = (d: DuelResult): string => `${d.rps.toFixed(0)} req/s${d.cpuUs === undefined ? '' : ` ${d.cpuUs.toFixed(1)} us/req`}, ${d.failures} failures`;

/** One sample of two halves of a phase: counts summed, CPU and latency weighted by requests. */
function joinHalves([a, cpuA]: Sample, [b, cpuB]: Sample): Sample {
  const requests = a.requests + b.requests;
  const weighted = (x: number, y: number): number => (x * a.requests + y * b.requests) / Math.max(1, requests);
  const result: LoadResult = { requests, errors: a.errors + b.errors, failedStatus: a.failedStatus + b.failedStatus, seconds: a.seconds + b.seconds, p50: weighted(a.p50, b.p50), p99: weighted(a.p99, b.p99) };
  return [result, cpuA === undefined || cpuB === undefined ? undefined : weighted(cpuA, cpuB)];
}

/** Medians over a phase's rounds (failures summed), with the spread of req/s and CPU per request. */
interface Summary {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuUs: number | undefined;
  readonly failures: number;
  readonly spread: string;
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

/**
 * The median of the per-round ratios of two phases (each round runs them back to back), with
 * their range: drift of the machine between rounds cancels out of each ratio, which makes it a
 * steadier figure than the ratio of the two medians on a noisy VM.
 */
function pairedRatio(a: readonly Sample[], b: readonly Sample[], of: (s: Sample) => number | undefined): string {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [of(a[i]!), of(b[i]!)];
    if (x !== undefined && y !== undefined && y > 0) ratios.push(x / y);
  }
  if (ratios.length < 2) return '';
  return `(per round: median ${median([...ratios]).toFixed(2)}x, ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
}

const sampleRps = ([r]: Sample): number => rps(r);
const sampleCpu = ([, cpu]: Sample): number | undefined => cpu;

function summarize(samples: readonly Sample[]): Summary {
  const rpsList = samples.map(sampleRps);
  const cpuList = samples.flatMap((s) => sampleCpu(s) ?? []);
  const range = (values: number[], digits: number): string => `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  return {
    rps: median([...rpsList]),
    p50: median(samples.map(([r]) => r.p50)),
    p99: median(samples.map(([r]) => r.p99)),
    cpuUs: cpuList.length === 0 ? undefined : median([...cpuList]),
    failures: samples.reduce((sum, [r]) => sum + r.errors + r.failedStatus, 0),
    spread: samples.length < 2 ? '' : `  (rounds: ${range(rpsList, 0)} req/s${cpuList.length > 0 ? `, ${range(cpuList, 1)} us/req` : ''})`,
  };
}

function line(label: string, s: Summary, who: string): string {
  const cpu = s.cpuUs === undefined ? '' : `  ${who} CPU ${s.cpuUs.toFixed(1)} us/req`;
  return `${label.padEnd(34)} ${s.rps.toFixed(0).padStart(7)} req/s  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  failures ${s.failures}${cpu}${s.spread}`;
}

const rps = (r: LoadResult): number => r.requests / r.seconds;
const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function benchProxy(): Promise<void> {
  const backend = await startBackend();
  const endpoint = { address: '127.0.0.1', port: backend.port };
  // Two proxy processes, one per configuration, so that every throughput phase runs in the same interleaved rounds.
  const oneProxy = await startBenchProxy();
  const manyProxy = await startBenchProxy();
  const [onePort, manyPort] = [await freePort(), await freePort()];
  const load = (port: number, ms: number, hostCount = 0): Promise<LoadResult> => runLoad({ port, host: 'bench.com', ms, connections: CONNECTIONS, hostCount });
  const nginx = await startNginx(backend.port, await freePort());
  try {
    await publishOrThrow(oneProxy, buildTestSnapshot([{ name: 'http', port: onePort, routes: [{ name: 'one', hostnames: ['bench.com'], backends: [serviceBackend('echo', [endpoint])] }] }]));
    const cache = createSnapshotHashCache();
    const big = buildTestSnapshot([{ name: 'http', port: manyPort, routes: manyRoutes(endpoint) }]);
    computeSnapshotVersion(big, cache);
    const applyStarted = performance.now();
    await publishOrThrow(manyProxy, big); // fetch, check (schema + hash), compile, swap, ack: what a full snapshot costs
    const applyMs = performance.now() - applyStarted;

    await load(backend.port, WARMUP_MS);
    // The proxies' code is cold here: warm the JIT.
    await load(onePort, 3 * WARMUP_MS);
    await load(manyPort, 3 * WARMUP_MS, HOSTS);
    if (nginx) await load(nginx.port, WARMUP_MS);
    const rounds = { direct: [] as Sample[], one: [] as Sample[], many: [] as Sample[], nginx: [] as Sample[] };
    // The configurations compared head to head, and how to measure a half phase of each.
    const half = new Map<'one' | 'many' | 'nginx', () => Promise<Sample>>([
      ['one', () => measured(oneProxy.pid, () => load(onePort, HALF_PHASE_MS))],
      ['many', () => measured(manyProxy.pid, () => load(manyPort, HALF_PHASE_MS, HOSTS))],
    ]);
    if (nginx) half.set('nginx', () => measured(nginx.pid, () => load(nginx.port, HALF_PHASE_MS)));
    const compared = [...half.keys()];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.direct.push(await measured(backend.child.pid, () => load(backend.port, PHASE_MS)));
      const halves = new Map(compared.map((c) => [c, [] as Sample[]]));
      for (const config of phaseOrder(compared, round)) halves.get(config)!.push(await half.get(config)!());
      for (const [config, [first, second]] of halves) rounds[config].push(joinHalves(first!, second!));
    }
    // The two proxies in turns of a fraction of a second, DUELS times: the 10,000-route ratio with the least drift in it.
    const duelSide = (proxy: BenchProxy, port: number, hostCount: number) => ({ pid: proxy.pid, start: () => startLoadGenerator({ port, host: 'bench.com', ms: DUEL_MS + 60_000, connections: CONNECTIONS, hostCount }) });
    const duels: [DuelResult, DuelResult][] = [];
    for (let d = 0; d < DUELS; d++) duels.push(await slicedDuel(duelSide(oneProxy, onePort, 0), duelSide(manyProxy, manyPort, HOSTS), { ms: DUEL_MS, sliceMs: DUEL_SLICE_MS }));
    nginx?.stop();
    await oneProxy.stop();
    const direct = summarize(rounds.direct);
    const one = summarize(rounds.one);
    const many = summarize(rounds.many);
    const viaNginx = nginx ? summarize(rounds.nginx) : undefined;

    const rssAfterLoad = manyProxy.rssMb();
    const propagation = await measurePropagation(manyProxy, big, endpoint, manyPort, cache);
    const churn = await measureChurn(manyProxy, propagation.current, manyPort, cache);
    const rssAfterChanges = manyProxy.rssMb();
    await new Promise((resolve) => setTimeout(resolve, 10_000)); // V8 returns freed pages to the OS once the process idles a while
    const rssSettled = manyProxy.rssMb();

    console.log(`proxy: ${CONNECTIONS} keep-alive connections from ${loadGeneratorName}, ${ROUNDS} interleaved rounds of ${PHASE_MS / 1000} s direct and 2 x ${HALF_PHASE_MS / 1000} s for the proxies and nginx, mirrored and rotated (medians), 127.0.0.1; CPU per request of the one process named`);
    console.log(line('direct to backend', direct, 'backend'));
    console.log(line('through proxy, 1 route', one, 'proxy'));
    console.log(line(`through proxy, ${ROUTES} routes/${HOSTS} hosts`, many, 'proxy'));
    if (viaNginx) console.log(line('through nginx (1 worker)', viaNginx, 'nginx'));
    else console.log('through nginx: not installed (apt-get install nginx), no nginx ratio');
    if (viaNginx) {
      console.log(`ratio proxy/nginx req/s: ${(one.rps / viaNginx.rps).toFixed(2)}x ${pairedRatio(rounds.one, rounds.nginx, sampleRps)}  CPU per request: ${cpuRatio(one.cpuUs, viaNginx.cpuUs)} ${pairedRatio(rounds.one, rounds.nginx, sampleCpu)}  p99 latency: ${(one.p99 / viaNginx.p99).toFixed(2)}x`);
    }
    console.log(`ratio proxy/direct req/s: ${(one.rps / direct.rps).toFixed(2)}x  p50 latency: ${(one.p50 / direct.p50).toFixed(2)}x  p99 latency: ${(one.p99 / direct.p99).toFixed(2)}x`);
    // Printed, but not the figure to judge 10,000 routes by: in rounds of seconds it moved by ±8 % between runs alike (0.92x to 1.10x).
    console.log(`ratio ${ROUTES} routes / 1 route in the rounds (noisy; see the ratio in turns) req/s: ${(many.rps / one.rps).toFixed(2)}x ${pairedRatio(rounds.many, rounds.one, sampleRps)}  CPU per request: ${cpuRatio(many.cpuUs, one.cpuUs)} ${pairedRatio(rounds.many, rounds.one, sampleCpu)}`);
    const [duelOne, duelMany] = [joinDuels(duels.map(([a]) => a)), joinDuels(duels.map(([, b]) => b))];
    const each = duels.map(([a, b]) => `${(b.rps / a.rps).toFixed(3)}x CPU ${cpuRatio(b.cpuUs, a.cpuUs, 3)}`).join(', ');
    console.log(
      `ratio ${ROUTES} routes / 1 route in turns (a ${loadGeneratorName} each, resumed in turn for ${DUEL_SLICE_MS} ms, ${DUELS} x ${DUEL_MS / 2000} s each): req/s ${(duelMany.rps / duelOne.rps).toFixed(3)}x  CPU per request: ${cpuRatio(duelMany.cpuUs, duelOne.cpuUs, 3)}  (each: ${each}; 1 route ${duelFigures(duelOne)}; ${ROUTES} routes ${duelFigures(duelMany)})`,
    );
    console.log(`full snapshot of ${ROUTES} routes published, fetched, checked, compiled, swapped, acked: ${applyMs.toFixed(0)} ms`);
    console.log(`proxy RSS with ${ROUTES} routes: ${rssAfterLoad.toFixed(0)} MB after load, ${rssAfterChanges.toFixed(0)} MB after the changes below, ${rssSettled.toFixed(0)} MB 10 s later`);
    const times = propagation.times;
    console.log(`propagation of a new route as a delta with ${ROUTES} routes: p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms, max ${(times[times.length - 1] ?? 0).toFixed(1)} ms (${times.length} routes)`);
    const c = churn.load;
    const outlasted = churn.ms + 200 > c.seconds * 1000 ? ' (the changes outlasted the load: raise PHASE_MS)' : '';
    console.log(`${churn.changed} routes changed (deltas of ${CHURN_BATCH}) in ${churn.ms.toFixed(0)} ms under load${outlasted}: unchanged routes served ${c.requests} requests, ${c.errors} socket errors, ${c.failedStatus} failed statuses (${rps(c).toFixed(0)} req/s, p99 ${c.p99.toFixed(2)} ms)`);
  } finally {
    nginx?.stop();
    await oneProxy.stop();
    await manyProxy.stop();
    backend.child.kill();
  }
}
