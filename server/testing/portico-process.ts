import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PorticoProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
  /**
   * How many output lines (Portico's JSON log on stdout, its proxy's included, and anything on
   * stderr, such as a crash's stack) have been printed so far, and the kept ones from a given
   * count on: for a runner to show what was logged during a step.
   */
  logLineCount(): number;
  logLinesSince(count: number): string[];
}

/** Output lines kept for logLinesSince (at least this many, at most twice): enough for one conformance test, bounded for a long run. */
const KEPT_LOG_LINES = 5_000;

/**
 * Starts `portico start --no-console` as a real child process on an ephemeral port and resolves
 * once it logs its URL. For tests that need process-level behaviour (kill -9, restarts).
 */
export async function startPorticoProcess(options: {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<PorticoProcess> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'portico.mjs'), 'start', '--no-console', '--port', '0', '--data-dir', options.dataDir],
    // No bundled proxy unless a test asks: its admin port would collide between concurrent runs.
    { cwd: ROOT, env: { ...process.env, PORTICO_LOG_LEVEL: 'info', PORTICO_PROXY: '0', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  let stderr = '';
  const logLines: string[] = [];
  let logLineCount = 0;
  const keep = (line: string) => {
    logLines.push(line);
    logLineCount++;
    if (logLines.length > 2 * KEPT_LOG_LINES) logLines.splice(0, logLines.length - KEPT_LOG_LINES);
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  createInterface({ input: child.stderr! }).on('line', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server (and its proxy) running behind a failed test.
      child.kill('SIGKILL');
      reject(new Error(`portico did not start in time; stderr:\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      keep(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'portico started' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`portico exited (${String(how)}) before starting; stderr:\n${stderr}`));
    });
  });
  return {
    url,
    child,
    exited,
    logLineCount: () => logLineCount,
    logLinesSince: (count) => logLines.slice(Math.max(0, logLines.length - (logLineCount - count))),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
