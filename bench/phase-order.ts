/**
 * The order of a round's halves for the configurations compared head to head (the two proxies
 * and nginx): every configuration runs two halves, in one order and then the reverse (A B C C B
 * A), starting from a different configuration each round. Within a round each one's mean
 * position is the same, so drift within the round cancels; across `configs.length` rounds each
 * one runs first (right after the direct phase) and follows every other equally often, so an
 * edge of running in some position cancels too. (Run in a fixed order, the 1-route proxy
 * measured 6 % and 2 % faster right after the direct phase than right after the 10,000-route
 * one, in two tests of 8 rounds; nginx always ran last.)
 */
export function phaseOrder<T>(configs: readonly T[], round: number): T[] {
  const n = configs.length;
  const once = Array.from({ length: n }, (_, i) => configs[(i + round) % n] as T);
  return [...once, ...once.slice().reverse()];
}
