import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Child processes and /proc readings for the benchmarks: the echo backend, the paced keep-alive
 * load of propagation-bench.ts, the bundled proxy's pid, and RSS / CPU of a process (Linux only).
 */

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export interface LoadReport {
  requests: number;
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  seconds: number;
  p50: number;
  p99: number;
  failures: string[];
}

export async function startBackend(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [here('./proxy-bench-backend.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, port: Number(line.toString().trim()) };
}

/** Starts the load child; `stop()` closes its stdin, which ends the load, and returns its report. */
export function startLoad(args: { address: string; port: number; suffix: string; hosts: number; connections: number; rps: number }): { child: ChildProcess; stop: () => Promise<LoadReport> } {
  const argv = [args.address, args.port, args.suffix, args.hosts, args.connections, args.rps].map(String);
  const child = spawn(process.execPath, [here('./propagation-load.mjs'), ...argv], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close', not 'exit': the report may still be in the stdout pipe when the process has exited.
  const exited = once(child, 'close');
  return {
    child,
    async stop() {
      child.stdin!.end();
      await exited;
      return JSON.parse(out) as LoadReport;
    },
  };
}

function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces and parentheses.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used; clock ticks are 100 per second on Linux. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** cpuSeconds, or undefined where /proc cannot say (no pid, not Linux, the process is gone). */
export function cpuSecondsIfKnown(pid: number | undefined): number | undefined {
  try {
    return pid === undefined ? undefined : cpuSeconds(pid);
  } catch {
    return undefined;
  }
}

/** Resident set size in MB, from VmRSS in /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** The `portico proxy` child of `parentPid` (the bundled proxy the supervisor runs). */
export function findProxyPid(parentPid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(statFields(Number(entry))[1]) !== parentPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes('proxy') && cmdline.some((a) => a.endsWith('portico.mjs'))) return Number(entry);
    } catch {
      // The process went away while we looked.
    }
  }
  return undefined;
}

// One keep-alive pool for the bench's own probes: a fresh request each time, not a fresh
// connection, so a probe measures routing and not TCP setup.
const probeAgent = new Agent({ keepAlive: true, maxSockets: 16 });

/** `GET path` with a Host header through the proxy; status 0 on a socket error. */
export function probe(address: string, port: number, host: string, path = '/bench'): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve) => {
    const req = request({ host: address, port, path, agent: probeAgent, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', () => resolve({ status: 0, headers: {} }));
    req.end();
  });
}

export function closeProbes(): void {
  probeAgent.destroy();
}
