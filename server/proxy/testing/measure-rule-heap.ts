/**
 * Dev tool, not a test: the V8 heap the proxy's compiled config takes for the proxy bench's
 * 10,000-route snapshot (bench/proxy-bench.ts manyRoutes), after GC. Run with
 * `node --expose-gc --no-flush-bytecode --import tsx server/proxy/testing/measure-rule-heap.ts`.
 * Prints MB for: the compiled rules alone, the whole compileConfig (route table included), and
 * the same after 2,000 rules saw a request each (what the bench's load touches).
 */
import { manyRoutes } from '@/bench/proxy-bench';
import { type IrRule } from '@/lib/ir/route';
import { compileConfig, createCompileContext } from '@/server/proxy/compile-config';
import { compileRule } from '@/server/proxy/compile-rule';
import { countStatus, observeLatency, ProxyStats } from '@/server/proxy/proxy-stats';
import { buildTestSnapshot } from '@/server/proxy/testing/proxy-test-snapshot';
import { UpstreamPools } from '@/server/proxy/upstream-pools';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function heapMb(): number {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const endpoint = { address: '127.0.0.1', port: 9999 };
const snapshot = buildTestSnapshot([{ name: 'http', port: 8080, routes: manyRoutes(endpoint) }]);
const listener = snapshot.listeners[0]!;
const pools = new UpstreamPools();
const keep: unknown[] = [];

// Three rounds, the last reported: the first ones carry one-time allocations and frees (code, caches).
let rulesMb = 0;
let compiled: unknown[] = [];
for (let round = 0; round < 3; round++) {
  const base = heapMb();
  const stats = new ProxyStats();
  compiled = listener.rules.map((rule: IrRule) => compileRule(listener.name, rule, pools, stats));
  keep.push(compiled, stats);
  rulesMb = heapMb() - base;
}

const base2 = heapMb();
const stats2 = new ProxyStats();
const context = createCompileContext(pools, stats2);
const update = compileConfig(snapshot, context);
keep.push(update, stats2);
const configMb = heapMb() - base2;

// The bench's load requests `/` on every host: rule r-<h>-4 of each of the 2,000 hosts.
for (const rule of listener.rules) {
  if (!rule.id.endsWith('-4/0')) continue;
  const c = context.rules.get(rule)!;
  const backend = c.pick(0.5)!;
  countStatus(backend.counter, 200);
  observeLatency(c.latency, 0.7);
}
const touchedMb = heapMb() - base2;

process.stdout.write(`compiled rules (${compiled.length}): ${rulesMb.toFixed(2)} MB (${((rulesMb * 2 ** 20) / compiled.length).toFixed(0)} B/rule)\n`);
process.stdout.write(`compileConfig: ${configMb.toFixed(2)} MB; after 2,000 rules saw a request: ${touchedMb.toFixed(2)} MB (${keep.length} kept)\n`);
pools.destroy();
