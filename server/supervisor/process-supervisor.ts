import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';
import { computeBackoffMs, type BackoffPolicy } from '@/server/proxy-link/backoff';

/**
 * Runs one child process and keeps it running: when it dies it is started again after a capped
 * exponential backoff (reset once a child has stayed up for `stableAfterMs`), and on stop it gets
 * SIGTERM, then SIGKILL if it has not exited within `stopGraceMs`. The child's stdin is a pipe it
 * may watch: it closes when this process dies, however abruptly, so no orphan keeps its ports.
 */
export interface ChildSpec {
  command: string;
  args: readonly string[];
  /** The child's whole environment (secrets go here, never in args: argv is visible in `ps`). */
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ProcessSupervisorOptions {
  name: string;
  spec: ChildSpec;
  logger: Logger;
  backoff?: BackoffPolicy;
  stableAfterMs?: number;
  stopGraceMs?: number;
  /** Where the child's stdout and stderr go (default: this process's). */
  output?: 'inherit' | 'ignore';
}

export interface SupervisedProcess {
  /** The running child's pid, undefined between a death and its restart. */
  pid(): number | undefined;
  /** How many times the child was started again after dying. */
  restarts(): number;
  /** Stops supervising and ends the child (SIGTERM, then SIGKILL after the grace period). */
  stop(): Promise<void>;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

export function superviseProcess(options: ProcessSupervisorOptions): SupervisedProcess {
  const log = options.logger.child({ component: 'supervisor', child: options.name });
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const stableAfterMs = options.stableAfterMs ?? 10_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;
  let restarts = 0;
  let failures = 0;
  let stopping: Promise<void> | undefined;

  function launch(): void {
    const startedAt = Date.now();
    const proc = spawn(options.spec.command, [...options.spec.args], {
      env: options.spec.env,
      cwd: options.spec.cwd,
      stdio: ['pipe', options.output ?? 'inherit', options.output ?? 'inherit'],
    });
    child = proc;
    // The pipe is only a lifeline; a child that exits early must not turn EPIPE into a crash here.
    proc.stdin?.on('error', () => undefined);
    exited = new Promise<void>((resolve) => {
      proc.once('error', (err) => {
        // spawn failed (e.g. ENOENT): 'exit' may not follow, so treat it as a death.
        log.error({ err: { message: err.message, code: (err as NodeJS.ErrnoException).code } }, 'child process could not be started');
        onDeath(proc, startedAt, null, null);
        resolve();
      });
      proc.once('exit', (code, signal) => {
        onDeath(proc, startedAt, code, signal);
        resolve();
      });
    });
    log.info({ pid: proc.pid, restarts }, 'child process started');
  }

  function onDeath(proc: ChildProcess, startedAt: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== proc) return;
    child = undefined;
    if (stopping) return;
    failures = Date.now() - startedAt >= stableAfterMs ? 1 : failures + 1;
    const retryInMs = computeBackoffMs(failures, backoff);
    log.warn({ pid: proc.pid, code, signal, restarts, retryInMs }, 'child process died; restarting');
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      restarts++;
      launch();
    }, retryInMs);
  }

  launch();

  return {
    pid: () => child?.pid,
    restarts: () => restarts,
    stop() {
      stopping ??= (async () => {
        if (restartTimer) clearTimeout(restartTimer);
        const proc = child;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
        const gone = exited;
        proc.kill('SIGTERM');
        const killTimer = setTimeout(() => {
          log.warn({ pid: proc.pid, stopGraceMs }, 'child process did not stop in time; killing it');
          proc.kill('SIGKILL');
        }, stopGraceMs);
        await gone;
        clearTimeout(killTimer);
        child = undefined;
        log.info({ pid: proc.pid }, 'child process stopped');
      })();
      return stopping;
    },
  };
}
