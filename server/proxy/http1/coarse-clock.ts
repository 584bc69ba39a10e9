/** How often the coarse clock is read. */
export const COARSE_CLOCK_MS = 100;

let reading = 0;
let ticker: NodeJS.Timeout | undefined;

/**
 * performance.now() as one unref'd timer last read it (every COARSE_CLOCK_MS), for the
 * bookkeeping done on every request against deadlines of seconds: when a keep-alive
 * connection went idle, when a long upstream deadline passes. A reading costs a variable
 * load instead of a clock call; it lags by up to COARSE_CLOCK_MS, so such a deadline may pass
 * up to that much early.
 */
export function coarseNow(): number {
  if (ticker === undefined) {
    reading = performance.now();
    ticker = setInterval(read, COARSE_CLOCK_MS);
    ticker.unref();
  }
  return reading;
}

function read(): void {
  reading = performance.now();
}
