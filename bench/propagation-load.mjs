// Child process of propagation-bench.ts: keep-alive load against a Gateway address that may not
// be 127.0.0.1. Args: address, port, host suffix, host count, connections, total requests/s
// (0 = as fast as it can). Requests `GET /bench` spread over h0.<suffix> .. h<n-1>.<suffix>
// until its stdin closes, so the parent decides how long the load lasts without guessing a
// duration up front. Prints one JSON line: requests, socket errors, count per status, seconds,
// p50/p99 latency in ms, and the first few failures (so a non-zero count can be explained).
import { Agent, request } from 'node:http';

const [address, port, suffix, hostCount, connections, rps = '0'] = process.argv.slice(2);
const hosts = Number(hostCount);
const perConnectionGapMs = Number(rps) > 0 ? (1000 * Number(connections)) / Number(rps) : 0;
const agent = new Agent({ keepAlive: true, maxSockets: Number(connections) });
const latencies = [];
const statuses = {};
const failures = [];
let errors = 0;
let n = 0;
let stopping = false;
process.stdin.on('data', () => {});
process.stdin.on('end', () => (stopping = true));
process.stdin.on('close', () => (stopping = true));

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const host = `h${n++ % hosts}.${suffix}`;
    const req = request({ host: address, port: Number(port), path: '/bench', agent, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - started);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if ((res.statusCode < 200 || res.statusCode > 299) && failures.length < 5) failures.push(`${host}: ${res.statusCode}`);
        resolve();
      });
    });
    req.on('error', (err) => {
      errors++;
      if (failures.length < 5) failures.push(`${host}: ${err.message}`);
      resolve();
    });
    req.end();
  });
}

async function loop() {
  let next = performance.now();
  while (!stopping) {
    await once();
    if (perConnectionGapMs === 0) continue;
    // Paced load: the machine has 2 cores shared by Portico, its proxy, the backend and this
    // process; an unpaced loop would measure CPU starvation rather than propagation.
    next += perConnectionGapMs;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else next = performance.now();
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, loop));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
const non2xx = Object.entries(statuses).reduce((sum, [code, count]) => (code.startsWith('2') ? sum : sum + count), 0);
console.log(JSON.stringify({ requests: latencies.length + errors, errors, non2xx, statuses, seconds, p50: pick(0.5), p99: pick(0.99), failures }));
agent.destroy();
