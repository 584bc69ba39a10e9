// Fallback load generator of bench/load-generator.ts when wrk is not installed: keep-alive
// GET /bench on 127.0.0.1. Args: port, host header, duration ms, connections, host count, first
// host (requests cycle over h<first>.<host> .. when the count is > 0). It costs far more CPU per
// request than wrk, so on a small machine it, not the server under test, may set the pace.
// Prints one JSON line: requests, socket errors, responses >= 400, seconds, p50/p99 in ms.
import { Agent, request } from 'node:http';

const [port, host, durationMs, connections, hostCount = '0', firstHost = '0'] = process.argv.slice(2);
const spread = Number(hostCount);
const first = Number(firstHost);
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies = [];
let errors = 0;
let failedStatus = 0;
let n = 0;
let deadline = performance.now() + Number(durationMs);
// SIGINT ends the load early (as it does wrk's): the requests in flight finish, then the report.
process.on('SIGINT', () => (deadline = 0));

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const h = spread > 0 ? `h${first + (n++ % spread)}.${host}` : host;
    const req = request({ host: '127.0.0.1', port: Number(port), path: '/bench', agent, headers: { host: h } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - started);
        if (res.statusCode >= 400) failedStatus++;
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
console.log(JSON.stringify({ requests: latencies.length, errors, failedStatus, seconds, p50: pick(0.5), p99: pick(0.99) }));
agent.destroy();
