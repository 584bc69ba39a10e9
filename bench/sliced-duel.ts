import { cpuSecondsIfKnown } from './bench-processes';
import { type RunningLoad } from './load-generator';

/**
 * Two servers compared in short turns: each gets its own load generator process, started
 * paused (SIGSTOP); the duel resumes one at a time for `sliceMs` (SIGCONT, then SIGSTOP), in
 * turn, for `ms` in all, then ends both (SIGINT: each reports what it did) and divides each
 * one's requests by the time it ran and its server's CPU time by its requests.
 *
 * Why: phases of seconds each, even back to back, differ by ±5-10 % on a busy VM, because the
 * machine's speed drifts between them. Turns of a fraction of a second, a hundred or more of
 * them, put both servers through the same drift, so what differs is what they do. Each server
 * still runs alone in its turns (unlike two loads at once, where they would share the CPU
 * caches, see proxy-bench.ts), and no turn pays for starting a process or opening connections:
 * the load generators keep theirs across turns.
 *
 * A turn must stay well below the load generator's request timeout (wrk's is 2 s): a request in
 * flight when its generator is paused is answered during the other side's turn and read at the
 * next one, and a paused wrk counts it as timed out if that takes too long (turns of 2 s cost
 * about 700 timeouts a minute here; turns of 250 ms none).
 */
export interface DuelSide {
  /** The server's pid, for its CPU time (Linux /proc); undefined: no CPU figure. */
  readonly pid: number | undefined;
  /** Starts this side's load generator, running for longer than the duel (the duel ends it). */
  readonly start: () => RunningLoad;
}

export interface DuelResult {
  readonly requests: number;
  /** Socket errors and responses >= 400. */
  readonly failures: number;
  /** The time its load generator ran (its turns). */
  readonly seconds: number;
  readonly rps: number;
  /** The server's CPU microseconds per request over the duel, if its pid is known. */
  readonly cpuUs: number | undefined;
}

export async function slicedDuel(a: DuelSide, b: DuelSide, options: { ms: number; sliceMs: number }): Promise<[DuelResult, DuelResult]> {
  const loads = [a.start(), b.start()] as const;
  for (const load of loads) load.child.kill('SIGSTOP');
  try {
    const cpuBefore = [a, b].map((side) => cpuSecondsIfKnown(side.pid));
    const ran = [0, 0];
    const turns = Math.max(2, 2 * Math.round(options.ms / options.sliceMs / 2));
    for (let turn = 0; turn < turns; turn++) {
      const side = turn % 2;
      const child = loads[side]!.child;
      const started = performance.now();
      child.kill('SIGCONT');
      await sleep(options.sliceMs);
      child.kill('SIGSTOP');
      ran[side]! += performance.now() - started;
    }
    // The requests in flight at the last pause finish (their server's CPU counts for them).
    await sleep(50);
    const cpuAfter = [a, b].map((side) => cpuSecondsIfKnown(side.pid));
    for (const load of loads) {
      load.child.kill('SIGINT');
      load.child.kill('SIGCONT');
    }
    const reports = await Promise.all(loads.map((load) => load.result));
    const result = (i: 0 | 1): DuelResult => {
      const report = reports[i]!;
      const [before, after] = [cpuBefore[i], cpuAfter[i]];
      const seconds = ran[i]! / 1000;
      return {
        requests: report.requests,
        failures: report.errors + report.failedStatus,
        seconds,
        rps: report.requests / seconds,
        cpuUs: before === undefined || after === undefined ? undefined : ((after - before) * 1e6) / Math.max(1, report.requests),
      };
    };
    return [result(0), result(1)];
  } finally {
    // A paused process never reaches its own deadline: never leave one behind.
    for (const load of loads) if (load.child.exitCode === null && load.child.signalCode === null) load.child.kill('SIGKILL');
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
