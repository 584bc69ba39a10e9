import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { K8sObject } from '@/lib/k8s/object';
import type { SynchronousMode } from '@/server/store/open-database';
import { openStore } from '@/server/store/sqlite-store';
import type { Store } from '@/server/store/types';

/** Each throughput phase runs this long; the whole benchmark stays within a few seconds. */
const PHASE_MS = 500;
/** Concurrent transact() calls per round in the group-commit phases. */
const CONCURRENCY = 64;
const LIST_SIZE = 10_000;

function route(i: number, generation = 1): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: `route-${i}`,
      namespace: 'bench',
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      generation,
      labels: { app: `app-${i % 50}`, tier: 'web' },
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      parentRefs: [{ name: 'gateway', sectionName: 'http' }],
      hostnames: [`app-${i}.example.com`],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: `/api/${i}` }, headers: [{ name: 'x-tenant', value: 't' }] }],
          backendRefs: [{ name: `svc-${i}`, port: 8080, weight: 1 }],
        },
      ],
    },
    status: {
      parents: [
        {
          parentRef: { name: 'gateway' },
          controllerName: 'portico.dev/gateway-controller',
          conditions: [
            { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is accepted', observedGeneration: 1 },
          ],
        },
      ],
    },
  };
}

const keyOf = (i: number) => `/gateway.networking.k8s.io/httproutes/bench/route-${String(i).padStart(6, '0')}`;

/** Runs rounds of `perRound` concurrent writes for PHASE_MS; returns writes per second. */
async function measureWrites(store: Store, perRound: number, write: (i: number) => K8sObject, keyIndex: (n: number) => number) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < PHASE_MS) {
    const round = Array.from({ length: perRound }, () => {
      const i = keyIndex(n++);
      return store.transact((txn) => txn.put(keyOf(i), write(i)));
    });
    await Promise.all(round);
  }
  return (n / (performance.now() - started)) * 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function withStore<T>(synchronous: SynchronousMode, run: (store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-store-bench-'));
  const store = openStore({ path: join(dir, 'store.db'), synchronous });
  try {
    return await run(store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchWrites(synchronous: SynchronousMode): Promise<void> {
  await withStore(synchronous, async (store) => {
    const createSingle = await measureWrites(store, 1, route, (n) => n);
    const createGroup = await measureWrites(store, CONCURRENCY, route, (n) => 1_000_000 + n);
    const updateSingle = await measureWrites(store, 1, (i) => route(i, 2), (n) => n % 500);
    const updateGroup = await measureWrites(store, CONCURRENCY, (i) => route(i, 3), (n) => n % 500);
    const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
    console.log(
      `store writes (synchronous=${synchronous}): creates/s single ${fmt(createSingle)}, ` +
        `group-committed x${CONCURRENCY} ${fmt(createGroup)}; updates/s single ${fmt(updateSingle)}, ` +
        `group-committed x${CONCURRENCY} ${fmt(updateGroup)}`,
    );
  });
}

async function benchListAndWatch(): Promise<void> {
  await withStore('FULL', async (store) => {
    for (let start = 0; start < LIST_SIZE; start += 1_000) {
      await store.transact((txn) => {
        for (let i = start; i < start + 1_000; i++) txn.put(keyOf(i), route(i));
      });
    }
    const prefix = '/gateway.networking.k8s.io/httproutes/';
    const listTimes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const result = store.list(prefix);
      listTimes.push(performance.now() - started);
      if (result.entries.length !== LIST_SIZE) throw new Error(`listed ${result.entries.length} objects`);
    }
    listTimes.sort((a, b) => a - b);
    const middle = listTimes[Math.floor(listTimes.length / 2)] ?? Number.NaN;
    console.log(`store list of ${LIST_SIZE.toLocaleString('en-US')} objects (parsed): median ${middle.toFixed(1)} ms, best ${listTimes[0]?.toFixed(1)} ms`);

    // Watch latency, sequential writes: from the transaction callback (it runs just before the
    // batch's COMMIT, so this is the commit plus fan-out) and from the transact() call (adds the
    // wait for the batch) to the watcher's callback.
    const called = new Map<number, { callAt: number; txnAt: number }>();
    const fromCommit: number[] = [];
    const fromCall: number[] = [];
    const handle = store.watch(prefix, store.currentRevision(), (event) => {
      const now = performance.now();
      const sent = called.get(event.revision);
      if (sent === undefined) return;
      fromCommit.push(now - sent.txnAt);
      fromCall.push(now - sent.callAt);
    });
    const started = performance.now();
    for (let n = 0; performance.now() - started < PHASE_MS; n++) {
      const callAt = performance.now();
      await store.transact((txn) => {
        const txnAt = performance.now();
        called.set(txn.put(keyOf(n % LIST_SIZE), route(n, 4)).modRevision, { callAt, txnAt });
      });
    }
    handle.stop();
    fromCommit.sort((a, b) => a - b);
    fromCall.sort((a, b) => a - b);
    const ms = (value: number) => `${value.toFixed(3)} ms`;
    console.log(
      `store watch delivery over ${fromCall.length} writes: write+COMMIT to callback p50 ${ms(percentile(fromCommit, 50))}, ` +
        `p99 ${ms(percentile(fromCommit, 99))}; transact() call to callback p50 ${ms(percentile(fromCall, 50))}, ` +
        `p99 ${ms(percentile(fromCall, 99))}`,
    );
  });
}

/** Prints raw store throughput, list time and watch latency. Bounded to a few seconds. */
export async function benchStore(): Promise<void> {
  await benchWrites('FULL');
  await benchWrites('NORMAL');
  await benchListAndWatch();
}
