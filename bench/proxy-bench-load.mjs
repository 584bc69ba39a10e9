// Child process of proxy-bench.ts: a keep-alive load generator (the proxy's CPU is measured in
// its own process, so load and backend run elsewhere). Args: port, host header, duration ms,
// connections, optional host count (requests spread over h0.<host> .. h<n-1>.<host>).
// Prints one JSON line: requests, errors, non-2xx, seconds, p50/p99 latency in ms.
import { Agent, request } from 'node:http';

const [port, host, durationMs, connections, hostCount = '0'] = process.argv.slice(2);
const spread = Number(hostCount);
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies = [];
let errors = 0;
let non2xx = 0;
let n = 0;
const deadline = performance.now() + Number(durationMs);

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const h = spread > 0 ? `h${n++ % spread}.${host}` : host;
    const req = request({ host: '127.0.0.1', port: Number(port), path: '/bench', agent, headers: { host: h } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - started);
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

async function loop() {
  while (performance.now() < deadline) await once();
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, loop));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, non2xx, seconds, p50: pick(0.5), p99: pick(0.99) }));
agent.destroy();
