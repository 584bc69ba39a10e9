import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { computeSnapshotVersion, createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { type IrListener } from '@/lib/ir/listener';
import { type IrRoute, type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { type RunningProxy, startProxy } from '@/server/proxy/start-proxy';
import { freePort, ManualFeed, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { buildTestSnapshot, serviceBackend, type TestRoute } from '@/server/proxy/testing/proxy-test-snapshot';
import { startNginx } from './nginx-reference';

/**
 * `npm run bench -- proxy`: requests/s and p50/p99 latency on 127.0.0.1, direct to a backend
 * and through the proxy (1 route, then 10,000 routes over 2,000 hosts), with the proxy's CPU
 * time per request, all in one run, and the ratios; then the propagation time of a new route
 * sent as a delta while 10,000 routes are present. The backend and the keep-alive load
 * generator are child processes, so the CPU measured here is the proxy's alone (the backend's
 * CPU per request, read from /proc, is printed for scale). Bounded: a few seconds per phase.
 */
const PHASE_MS = 2_000;
const WARMUP_MS = 1_000;
const CONNECTIONS = 32;
const HOSTS = 2_000;
const ROUTES = 10_000;
const PROPAGATION_SAMPLES = 20;

interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** CPU microseconds a child process has used (Linux /proc; undefined elsewhere). */
function childCpuUs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return undefined;
  }
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

async function startBackend(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [here('./proxy-bench-backend.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, port: Number(line.toString().trim()) };
}

async function runLoad(port: number, host: string, ms: number, hostCount = 0): Promise<LoadResult> {
  const child = spawn(process.execPath, [here('./proxy-bench-load.mjs'), String(port), host, String(ms), String(CONNECTIONS), String(hostCount)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await once(child, 'exit');
  return JSON.parse(out) as LoadResult;
}

/** 10,000 routes: 5 path prefixes on each of 2,000 hosts, the last host `hN.bench.com` answering `/bench`. */
function manyRoutes(backend: { address: string; port: number }): TestRoute[] {
  const routes: TestRoute[] = [];
  for (let h = 0; h < HOSTS; h++) {
    for (let r = 0; r < ROUTES / HOSTS; r++) {
      routes.push({ name: `r-${h}-${r}`, hostnames: [`h${h}.bench.com`], matches: [{ path: { type: 'PathPrefix', value: r === ROUTES / HOSTS - 1 ? '/' : `/p${r}` } }], backends: [serviceBackend('echo', [backend])] });
    }
  }
  return routes;
}

/**
 * Propagation with 10,000 routes present: a new route goes in as a delta (as the control plane
 * sends it); the time runs from handing the delta to the proxy until the new host answers 200.
 */
async function measurePropagation(proxy: RunningProxy, base: RoutingSnapshot, endpoint: { address: string; port: number }, port: number): Promise<number[]> {
  const cache = createSnapshotHashCache();
  computeSnapshotVersion(base, cache);
  let current = base;
  const times: number[] = [];
  for (let i = 0; i < PROPAGATION_SAMPLES; i++) {
    const listener = current.listeners[0] as IrListener;
    const source = { kind: 'HTTPRoute' as const, namespace: 'test', name: `new-${i}`, ruleIndex: 0 };
    const rule: IrRule = { id: `HTTPRoute/test/new-${i}/0`, source, filters: [], backends: [serviceBackend('echo', [endpoint])] };
    const route: IrRoute = { kind: 'HTTPRoute', id: `${rule.id}/0`, rule: rule.id, source: { ...source, matchIndex: 0 }, match: { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] } };
    const rules = [...listener.rules, rule].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const next = versionSnapshot({ schemaVersion: current.schemaVersion, listeners: [{ ...listener, rules, virtualHosts: [{ hostname: `new${i}.bench.com`, routes: [route] }, ...listener.virtualHosts] }], certificates: current.certificates }, cache);
    const delta = diffSnapshots(current, next, cache);
    const started = performance.now();
    const ack = await proxy.apply(delta);
    if (!ack.accepted) throw new Error(`propagation delta rejected: ${ack.reason}`);
    while ((await sendRequest({ port, host: `new${i}.bench.com`, path: '/bench' })).status !== 200);
    times.push(performance.now() - started);
    current = next;
  }
  return times.sort((x, y) => x - y);
}

function line(label: string, r: LoadResult, cpuUsPerRequest?: number): string {
  const rps = r.requests / r.seconds;
  const cpu = cpuUsPerRequest === undefined ? '' : `  ${label.startsWith('direct') ? 'backend' : 'proxy'} CPU ${cpuUsPerRequest.toFixed(1)} us/req`;
  return `${label.padEnd(34)} ${rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors + r.non2xx}${cpu}`;
}

export async function benchProxy(): Promise<void> {
  const backend = await startBackend();
  const endpoint = { address: '127.0.0.1', port: backend.port };
  const listenerPort = await freePort();
  const feed = new ManualFeed();
  const proxy = await startProxy({ feed, portOffset: 0, adminPort: 0, logger: pino({ level: 'silent' }), proxyId: 'bench' });
  const through = async (snapshot: RoutingSnapshot, host: string, hostCount = 0, warmupMs = WARMUP_MS): Promise<[LoadResult, number]> => {
    const ack = await proxy.apply(snapshot);
    if (!ack.accepted || !ack.listeners?.every((l) => l.bound)) throw new Error(`bench snapshot not served: ${JSON.stringify(ack)}`);
    await runLoad(listenerPort, host, warmupMs, hostCount);
    const cpu = process.cpuUsage();
    const result = await runLoad(listenerPort, host, PHASE_MS, hostCount);
    const used = process.cpuUsage(cpu);
    return [result, (used.user + used.system) / Math.max(1, result.requests)];
  };
  try {
    await runLoad(backend.port, 'bench.com', WARMUP_MS);
    const backendCpuBefore = childCpuUs(backend.child.pid);
    const direct = await runLoad(backend.port, 'bench.com', PHASE_MS);
    const backendCpuAfter = childCpuUs(backend.child.pid);
    const backendCpu = backendCpuBefore === undefined || backendCpuAfter === undefined ? undefined : (backendCpuAfter - backendCpuBefore) / Math.max(1, direct.requests);
    const [one, oneCpu] = await through(buildTestSnapshot([{ name: 'http', port: listenerPort, routes: [{ name: 'one', hostnames: ['bench.com'], backends: [serviceBackend('echo', [endpoint])] }] }]), 'bench.com', 0, 3 * WARMUP_MS); // the proxy's code is cold here: warm the JIT
    const big = buildTestSnapshot([{ name: 'http', port: listenerPort, routes: manyRoutes(endpoint) }]);
    const applyStarted = performance.now();
    await proxy.apply(big); // check (schema + hash), compile, swap: what a full snapshot costs the proxy
    const applyMs = performance.now() - applyStarted;
    const [many, manyCpu] = await through(big, 'bench.com', HOSTS);
    const propagation = await measurePropagation(proxy, big, endpoint, listenerPort);
    const quantile = (q: number): number => propagation[Math.min(propagation.length - 1, Math.floor(q * propagation.length))] ?? 0;
    const nginx = await startNginx(backend.port, await freePort());
    let viaNginx: [LoadResult, number | undefined] | undefined;
    if (nginx) {
      try {
        await runLoad(nginx.port, 'bench.com', WARMUP_MS);
        const before = childCpuUs(nginx.pid);
        const result = await runLoad(nginx.port, 'bench.com', PHASE_MS);
        const after = childCpuUs(nginx.pid);
        viaNginx = [result, before === undefined || after === undefined ? undefined : (after - before) / Math.max(1, result.requests)];
      } finally {
        nginx.stop();
      }
    }
    const rss = process.memoryUsage().rss / 1024 / 1024;
    const heap = process.memoryUsage().heapUsed / 1024 / 1024;

    console.log(`proxy: ${CONNECTIONS} keep-alive connections, ${PHASE_MS / 1000} s per phase, 127.0.0.1`);
    console.log(line('direct to backend', direct, backendCpu));
    console.log(line('through proxy, 1 route', one, oneCpu));
    console.log(line(`through proxy, ${ROUTES} routes/${HOSTS} hosts`, many, manyCpu));
    if (viaNginx) console.log(line('through nginx (1 worker)', viaNginx[0], viaNginx[1]).replace('proxy CPU', 'nginx CPU'));
    else console.log('through nginx: not installed (apt-get install nginx), no nginx ratio');
    const rps = (r: LoadResult): number => r.requests / r.seconds;
    if (viaNginx) {
      const cpuRatio = viaNginx[1] === undefined ? 'n/a' : `${(oneCpu / viaNginx[1]).toFixed(2)}x`;
      console.log(`ratio proxy/nginx req/s: ${(rps(one) / rps(viaNginx[0])).toFixed(2)}x  CPU per request: ${cpuRatio}  p99 latency: ${(one.p99 / viaNginx[0].p99).toFixed(2)}x`);
    }
    console.log(`ratio proxy/direct req/s: ${(rps(one) / rps(direct)).toFixed(2)}x  p50 latency: ${(one.p50 / direct.p50).toFixed(2)}x  p99 latency: ${(one.p99 / direct.p99).toFixed(2)}x`);
    console.log(`ratio ${ROUTES} routes / 1 route req/s: ${(rps(many) / rps(one)).toFixed(2)}x`);
    console.log(`build + apply ${ROUTES} routes (full snapshot): ${applyMs.toFixed(0)} ms; process RSS ${rss.toFixed(0)} MB, heap ${heap.toFixed(0)} MB (bench harness included)`);
    console.log(`propagation of a new route as a delta with ${ROUTES} routes: p50 ${quantile(0.5).toFixed(1)} ms, p99 ${quantile(0.99).toFixed(1)} ms (${PROPAGATION_SAMPLES} samples)`);
  } finally {
    await proxy.stop();
    backend.child.kill();
  }
}
