/**
 * Polls `probe` every 50 ms until it returns a value (not undefined), for eventually-consistent
 * checks in integration tests; a probe that throws counts as "not yet". Bounded by attempts,
 * never by wall-clock speed assumptions beyond that bound.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, attempts = 1200): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
