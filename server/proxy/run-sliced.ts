import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Steps } from '@/lib/util/steps';

/** Time a slice may run before the event loop gets a turn: traffic waits at most about this long. */
export const SLICE_MS = 4;

/**
 * Runs `steps` to their end, `sliceMs` at a time, giving the event loop a turn between slices:
 * the proxy keeps serving its active config while a 10,000-route snapshot (0.5-0.7 s of work)
 * is checked and compiled. Work that fits in one slice finishes without waiting at all.
 */
export async function runSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  for (;;) {
    const end = performance.now() + sliceMs;
    let step = steps.next();
    while (step.done !== true && performance.now() < end) step = steps.next();
    if (step.done === true) return step.value;
    await nextTurn();
  }
}
