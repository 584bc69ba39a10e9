import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type LoadResult } from './load-generator';
import { type DuelSide, slicedDuel } from './sliced-duel';

/**
 * A stand-in load generator: counts 1 ms ticks while it runs (none while paused: a timer that
 * missed its turns fires once, not once per missed tick) and, on SIGINT, reports the count as
 * its requests.
 */
const TICKER = `
let ticks = 0;
const timer = setInterval(() => ticks++, 1);
process.on('SIGINT', () => {
  clearInterval(timer);
  console.log(JSON.stringify({ requests: ticks, errors: 0, failedStatus: 0, seconds: 0, p50: 0, p99: 0 }));
  process.exit(0);
});
`;

function tickerSide(): DuelSide {
  return {
    pid: undefined,
    start: () => {
      const child = spawn(process.execPath, ['-e', TICKER], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const result = once(child, 'close').then(() => JSON.parse(out.split('\n').find((line) => line.startsWith('{'))!) as LoadResult);
      return { child, result };
    },
  };
}

describe('slicedDuel', () => {
  it('runs one side at a time, in turns, and divides each side by the time it ran', async () => {
    const [a, b] = [tickerSide(), tickerSide()];
    const [ra, rb] = await slicedDuel(a, b, { ms: 1_600, sliceMs: 100 });
    // Each ran about half the time (a side credited with the whole duel would have 1.6 s or more).
    for (const r of [ra, rb]) {
      expect(r.seconds).toBeGreaterThan(0.7);
      expect(r.seconds).toBeLessThan(1.3); // 8 turns of 100 ms, plus timer lateness on a busy machine
      expect(r.cpuUs).toBeUndefined();
      expect(r.failures).toBe(0);
    }
    // Ticks per second of its own running time: a side left running while the other had its
    // turn would count about twice as fast as it could (and 0 if it never ran).
    for (const r of [ra, rb]) {
      expect(r.rps).toBeGreaterThan(150);
      expect(r.rps).toBeLessThan(1_150);
    }
  }, 20_000);
});
