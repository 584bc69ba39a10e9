import { Socket } from 'node:net';
import { compileConfig, createCompileContext } from '@/server/proxy/compile-config';
import { Http1Request } from '@/server/proxy/http1/http1-request';
import { ProxyStats } from '@/server/proxy/proxy-stats';
import { type ListenerPortContext, planRequest } from '@/server/proxy/route-request';
import { buildTestSnapshot, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';
import { UpstreamPools } from '@/server/proxy/upstream-pools';
import { HOSTS, manyRoutes, ROUTES } from './proxy-bench';

/**
 * `npm run bench -- routing`: what 10,000 routes cost a request's routing, in process, apart
 * from everything else a request costs (which the proxy bench measures with it, on a machine
 * whose drift is often larger than this difference). Timed per request: the proxy's
 * planRequest (checks, route selection, filters, backend and endpoint choice) and the stats
 * record of its response, for 1 route (one host) and for 10,000 routes over 2,000 hosts
 * (requests cycling over the hosts, as in the proxy bench). Not timed, between two requests:
 * building the next request (a real Http1Request), and with "cold" a sweep over 32 KB of a
 * 32 MB buffer, so that between two requests for one host 64 MB go through the CPU's own
 * caches and TLB, as the rest of the requests' work (sockets, parser, buffers, garbage) does
 * in the proxy. Rounds alternate the two tables; the difference is the median of the rounds'
 * differences, which the machine's drift between rounds does not skew.
 */
const REQUESTS_PER_ROUND = 50_000;
const ROUNDS = 24;
/** Float64 elements swept per request when cold: 32 KB, one element per 64-byte cache line. */
const SWEEP_ELEMENTS = 4096;
const LINE_ELEMENTS = 8;

interface Table {
  readonly port: ListenerPortContext;
  /** The Host header values' bytes: each request decodes a fresh string, as the proxy's parser does (a string kept across requests would be a cache miss the proxy does not have). */
  readonly hosts: readonly Buffer[];
}

function compiledTable(routes: Parameters<typeof buildTestSnapshot>[0][number]['routes'], hosts: readonly string[]): Table {
  const snapshot = buildTestSnapshot([{ name: 'http', port: 80, routes }]);
  const { config } = compileConfig(snapshot, createCompileContext(new UpstreamPools(), new ProxyStats()));
  return { port: { address: '127.0.0.1', port: 80, socketKey: '127.0.0.1:80', scheme: 'http', activeConfig: () => config }, hosts: hosts.map((h) => Buffer.from(h, 'latin1')) };
}

const sweepBuffer = new Float64Array(4 << 20); // 32 MB
let sweepAt = 0;

/** Reads and writes SWEEP_ELEMENTS lines of the sweep buffer, moving on through it. */
function sweep(): number {
  let sum = 0;
  for (let i = 0; i < SWEEP_ELEMENTS; i += LINE_ELEMENTS) {
    sum += sweepBuffer[sweepAt] as number;
    sweepBuffer[sweepAt] = sum;
    sweepAt = (sweepAt + LINE_ELEMENTS) % sweepBuffer.length;
  }
  return sum;
}

const socket = new Socket();

/** Mean ns of routing per request over one round. */
function round(table: Table, cold: boolean): number {
  const { port, hosts } = table;
  let routingMs = 0;
  for (let i = 0; i < REQUESTS_PER_ROUND; i++) {
    const host = (hosts[i % hosts.length] as Buffer).toString('latin1');
    const req = new Http1Request(socket, 'GET', '/bench', ['Host', host, 'User-Agent', 'wrk', 'Accept', '*/*'], 1, 1);
    void req.headers; // folded when the parser's request is handled, before routing
    if (cold) sweep();
    const started = performance.now();
    const plan = planRequest(req, port, started);
    if (plan.kind !== 'forward') throw new Error(`routing bench: ${host} was not forwarded (${plan.kind})`);
    plan.forward.onStatus.call(plan.forward, 200);
    routingMs += performance.now() - started;
  }
  return (routingMs * 1e6) / REQUESTS_PER_ROUND;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return ((sorted[(sorted.length - 1) >> 1] as number) + (sorted[sorted.length >> 1] as number)) / 2;
}

export function benchRouting(): void {
  const endpoint = { address: '127.0.0.1', port: 9 };
  const one = compiledTable([{ name: 'one', hostnames: ['bench.com'], backends: [serviceBackend('echo', [endpoint])] }], ['bench.com']);
  const many = compiledTable(
    manyRoutes(endpoint),
    Array.from({ length: HOSTS }, (_, h) => `h${h}.bench.com`),
  );
  console.log(`routing: planRequest and stats record per request, in process, ${ROUNDS} alternating rounds of ${REQUESTS_PER_ROUND} requests each (medians)`);
  for (const cold of [false, true]) {
    round(one, cold); // warm the JIT
    round(many, cold);
    const times = { one: [] as number[], many: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? (['one', 'many'] as const) : (['many', 'one'] as const);
      for (const which of order) times[which].push(round(which === 'one' ? one : many, cold));
    }
    // The difference per round (adjacent phases), then the median: the machine's drift moves both alike.
    const differences = times.many.map((t, r) => t - (times.one[r] as number));
    const label = cold ? 'caches swept between requests' : 'nothing between requests';
    console.log(
      `${label.padEnd(31)} 1 route ${median(times.one).toFixed(0).padStart(5)} ns  ${ROUTES} routes/${HOSTS} hosts ${median(times.many).toFixed(0).padStart(5)} ns  difference ${median(differences).toFixed(0)} ns per request (per round ${Math.min(...differences).toFixed(0)} to ${Math.max(...differences).toFixed(0)})`,
    );
  }
}
