import { describe, expect, it } from 'vitest';
import { type Steps } from '@/lib/util/steps';
import { runSliced } from '@/server/proxy/run-sliced';
import { countTurns } from '@/server/proxy/testing/turn-counter';

/** `count` steps that each keep the CPU busy for `ms`. */
function* busySteps(count: number, ms: number): Steps<string> {
  for (let i = 0; i < count; i++) {
    const end = performance.now() + ms;
    while (performance.now() < end);
    yield;
  }
  return `done after ${count}`;
}

describe('runSliced', () => {
  it('runs the steps to their result, giving the event loop a turn between slices', async () => {
    const counter = countTurns();
    const result = await runSliced(busySteps(40, 1), 4);
    const turns = counter.stop();
    expect(result).toBe('done after 40');
    // 40 ms of work in slices of about 4 ms: about ten turns (fewer only if a step overran a lot).
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('finishes work that fits in one slice without waiting for a turn', async () => {
    const counter = countTurns();
    expect(await runSliced(busySteps(3, 0.1), 50)).toBe('done after 3');
    expect(counter.stop()).toBe(0);
  });

  it('passes on what the steps throw', async () => {
    function* failing(): Steps<never> {
      yield;
      throw new Error('bad regex');
    }
    await expect(runSliced(failing())).rejects.toThrow('bad regex');
  });
});
