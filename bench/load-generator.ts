import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * The keep-alive load generator of `npm run bench -- proxy`: wrk when installed
 * (`apt-get install wrk`; C, a few microseconds per request), else a node:http client. Both run
 * as their own process and send GET /bench with the same Host cycling in every phase, so the
 * phases differ only in what serves them.
 */
export interface LoadOptions {
  port: number;
  /** Host header, or the base of `h<i>.<host>` when `hostCount` > 0. */
  host: string;
  ms: number;
  connections: number;
  hostCount?: number;
  firstHost?: number;
}

export interface LoadResult {
  requests: number;
  /** Connect, read, write and timeout errors. */
  errors: number;
  /** Responses with a status >= 400. */
  failedStatus: number;
  seconds: number;
  p50: number;
  p99: number;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export const loadGeneratorName: 'wrk' | 'node:http' = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined ? 'wrk' : 'node:http';

/** A load generator process running: `result` resolves with its report when it exits. */
export interface RunningLoad {
  readonly child: ChildProcess;
  readonly result: Promise<LoadResult>;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return startLoadGenerator(options).result;
}

/**
 * Starts the load generator. It stops after `ms`, or when sent SIGINT (both wrk and the node
 * fallback then report what they did so far); SIGSTOP and SIGCONT pause and resume it.
 */
export function startLoadGenerator(options: LoadOptions): RunningLoad {
  const { port, host, ms, connections, hostCount = 0, firstHost = 0 } = options;
  const child =
    loadGeneratorName === 'wrk'
      ? spawn('wrk', ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(ms / 1000))}s`, '--latency', '-s', here('./wrk-load.lua'), `http://127.0.0.1:${port}/bench`], {
          stdio: ['ignore', 'pipe', 'inherit'],
          env: { ...process.env, BENCH_HOST: host, BENCH_HOST_COUNT: String(hostCount), BENCH_FIRST_HOST: String(firstHost) },
        })
      : spawn(process.execPath, [here('./proxy-bench-load.mjs'), String(port), host, String(ms), String(connections), String(hostCount), String(firstHost)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // 'close', not 'exit': the result may still be in the stdout pipe when the process has exited
  // (two loads at once lost one that way).
  const result = once(child, 'close').then(() => {
    const json = out.split('\n').find((line) => line.startsWith('{'));
    if (json === undefined) throw new Error(`${loadGeneratorName} printed no result (exit ${child.exitCode}): ${out.slice(0, 500)}`);
    return JSON.parse(json) as LoadResult;
  });
  return { child, result };
}
