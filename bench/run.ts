/**
 * `npm run bench [-- NAME...]`: runs the named benchmarks (all when none is named) and prints
 * figures measured in one run. Never part of `npm test`.
 */
import { benchApi } from './api-bench';
import { benchController } from './controller-bench';
import { benchPropagation } from './propagation-bench';
import { benchProxy } from './proxy-bench';
import { benchRouting } from './routing-bench';
import { benchStore } from './store-bench';
import { benchTopology } from './topology-bench';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  store: async () => {
    await benchStore();
    await benchApi();
  },
  controller: async () => {
    await benchController();
  },
  proxy: async () => {
    await benchProxy();
  },
  routing: () => {
    benchRouting();
    return Promise.resolve();
  },
  propagation: async () => {
    await benchPropagation();
  },
  topology: async () => {
    await benchTopology();
  },
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
  console.log(`\n== ${name} ==`);
  await BENCHMARKS[name]!();
}
