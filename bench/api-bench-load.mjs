import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The load generator of api-bench, run in a worker thread so the 16 clients do not share the
 * server's event loop: creates then resourceVersion-conditioned updates, each for a fixed time.
 */
// Plain JavaScript: worker threads on Node 20 cannot load TypeScript through tsx.
/** @type {{ url: string, token: string, clients: number, phaseMs: number, routes: string }} */
const input = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: input.clients });

function call(method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(input.url + path),
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${input.token}`,
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function route(name) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, labels: { app: 'bench' } },
    spec: {
      parentRefs: [{ name: 'gateway' }],
      hostnames: [`${name}.example.com`],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'backend', port: 8080 }] }],
    },
  };
}

async function throughput(op) {
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: input.clients }, async (_, client) => {
      for (let n = 0; performance.now() - started < input.phaseMs; n++) {
        const reply = await op(client, n);
        if (reply.status >= 300) throw new Error(`HTTP ${reply.status}: ${reply.body.slice(0, 300)}`);
        done++;
      }
    }),
  );
  return (done / (performance.now() - started)) * 1000;
}

const creates = await throughput((c, n) => call('POST', input.routes, route(`c${c}-${n}`)));
const latest = await Promise.all(
  Array.from({ length: input.clients }, async (_, c) => JSON.parse((await call('GET', `${input.routes}/c${c}-0`)).body)),
);
// Each client updates its own object, reusing the PUT reply as the next read (resourceVersion precondition).
const updates = await throughput(async (c, n) => {
  const current = latest[c];
  const reply = await call('PUT', `${input.routes}/c${c}-0`, { ...current, metadata: { ...current.metadata, labels: { app: 'bench', n: String(n) } } });
  if (reply.status === 200) latest[c] = JSON.parse(reply.body);
  return reply;
});
agent.destroy();
parentPort?.postMessage({ creates, updates });
