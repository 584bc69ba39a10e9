/**
 * A seeded pseudo-random integer in [0, n), for property tests that must replay exactly: a
 * linear congruential generator, its high bits taken (an LCG's low bits cycle).
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state >>> 16) % n;
  };
}
