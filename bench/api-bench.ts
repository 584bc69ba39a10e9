import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { K8sObject } from '@/lib/k8s/object';
import { objectStoreKey } from '@/server/store/types';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '@/server/apiserver/testing/test-api-server';

/**
 * The /k8s API over real HTTP with the real store (synchronous=FULL unless asked) and auth: creates/s and
 * updates/s with 16 concurrent clients, the time to list 10,000 HTTPRoutes, and watch delivery
 * latency (write acknowledged → event received by an HTTP watcher). The write load runs in a
 * worker thread (api-bench-load.mjs) so clients and server do not share one event loop. Bounded:
 * each phase runs for a fixed time or count.
 */
const CLIENTS = 16;
const PHASE_MS = 2_000;
const LIST_SIZE = 10_000;
const WATCH_WRITES = 300;
const NS = 'bench';
const ROUTES = `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes`;

function route(name: string): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: NS, labels: { app: 'bench' } },
    spec: {
      parentRefs: [{ name: 'gateway' }],
      hostnames: [`${name}.example.com`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'backend', port: 8080 }] }],
    },
  };
}

interface Reply {
  status: number;
  body: string;
}

function call(api: TestApi, agent: Agent, method: string, path: string, body?: unknown): Promise<Reply> {
  const url = new URL(api.url + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

export async function benchApi(options: { synchronous?: 'FULL' | 'NORMAL' } = {}): Promise<void> {
  const synchronous = options.synchronous ?? 'FULL';
  const api = await startTestApi({ store: { synchronous } });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 2 });
  try {
    await call(api, agent, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });

    const load = new Worker(new URL('./api-bench-load.mjs', import.meta.url), {
      workerData: { url: api.url, token: ADMIN_TOKEN, clients: CLIENTS, phaseMs: PHASE_MS, routes: ROUTES },
    });
    const { creates, updates } = await new Promise<{ creates: number; updates: number }>((resolve, reject) => {
      load.once('message', resolve);
      load.once('error', reject);
    });
    console.log(`api writes over HTTP (${CLIENTS} clients, synchronous=${synchronous}): creates/s ${fmt(creates)}, updates/s ${fmt(updates)}`);

    // List: seed 10,000 routes in their own namespace straight into the store, then list over HTTP.
    await call(api, agent, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'listed' } });
    for (let start = 0; start < LIST_SIZE; start += 1_000) {
      await api.store.transact((txn) => {
        for (let i = start; i < start + 1_000; i++) {
          const obj = route(`r${String(i).padStart(5, '0')}`);
          obj.metadata = { ...obj.metadata, namespace: 'listed', uid: `uid-${i}`, creationTimestamp: '2024-01-01T00:00:00Z', generation: 1 };
          txn.put(objectStoreKey('gateway.networking.k8s.io', 'httproutes', 'listed', obj.metadata.name!), obj);
        }
      });
    }
    const listTimes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const reply = await call(api, agent, 'GET', '/apis/gateway.networking.k8s.io/v1/namespaces/listed/httproutes');
      listTimes.push(performance.now() - started);
      const items = (JSON.parse(reply.body) as { items: unknown[] }).items.length;
      if (items !== LIST_SIZE) throw new Error(`listed ${items} routes`);
    }
    listTimes.sort((a, b) => a - b);
    console.log(`api list of ${fmt(LIST_SIZE)} HTTPRoutes over HTTP: median ${listTimes[2]!.toFixed(1)} ms, best ${listTimes[0]!.toFixed(1)} ms`);

    // Watch latency: sequential writes; latency = event received - write acknowledged (0 when
    // the event beats the response), plus the full request → event time for context.
    const received = new Map<string, number>();
    const rv = (JSON.parse((await call(api, agent, 'GET', `${ROUTES}?limit=1`)).body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    const watchAgent = new Agent({ keepAlive: false });
    const watchReq = request(new URL(`${api.url}${ROUTES}?watch=1&resourceVersion=${rv}&labelSelector=app%3Dwatched`), {
      agent: watchAgent,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await new Promise<void>((resolve, reject) => {
      watchReq.on('response', (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          const now = performance.now();
          buffer += chunk.toString('utf8');
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const event = JSON.parse(buffer.slice(0, nl)) as { object: K8sObject };
            buffer = buffer.slice(nl + 1);
            received.set(event.object.metadata.name ?? '', now);
          }
        });
        resolve();
      });
      watchReq.on('error', reject);
      watchReq.end();
    });
    const afterAck: number[] = [];
    const fromRequest: number[] = [];
    for (let i = 0; i < WATCH_WRITES; i++) {
      const name = `w${i}`;
      const obj = route(name);
      obj.metadata.labels = { app: 'watched' };
      const sent = performance.now();
      await call(api, agent, 'POST', ROUTES, obj);
      const acked = performance.now();
      const deadline = acked + 5_000;
      while (!received.has(name) && performance.now() < deadline) await new Promise((r) => setImmediate(r));
      const at = received.get(name);
      if (at === undefined) throw new Error(`no watch event for ${name}`);
      afterAck.push(Math.max(0, at - acked));
      fromRequest.push(at - sent);
    }
    watchReq.destroy();
    afterAck.sort((a, b) => a - b);
    fromRequest.sort((a, b) => a - b);
    console.log(
      `api watch delivery (${WATCH_WRITES} writes): after ack p50 ${percentile(afterAck, 50).toFixed(2)} ms, p99 ${percentile(afterAck, 99).toFixed(2)} ms; ` +
        `from request p50 ${percentile(fromRequest, 50).toFixed(2)} ms, p99 ${percentile(fromRequest, 99).toFixed(2)} ms`,
    );
  } finally {
    agent.destroy();
    await api.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchApi();
