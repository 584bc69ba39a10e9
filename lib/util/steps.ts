/**
 * Work that says where it may be paused: a generator that yields between steps (each short,
 * well under a millisecond) and returns its result. The proxy runs big snapshot checks and
 * compiles as Steps a slice at a time (server/proxy/run-sliced.ts) so traffic keeps flowing;
 * everyone else runs them to the end at once.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` (or any generator, its yielded values dropped) to their end at once. */
export function runToEnd<T>(steps: Generator<unknown, T, void>): T {
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}
