import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChurnCollector } from '@/server/proxy/churn-collector';

const MB = 1024 * 1024;

describe('ChurnCollector', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    let used = 40 * MB;
    const collect = vi.fn(() => {
      used = 42 * MB;
    });
    const collector = new ChurnCollector({ quietMs: 2_000, minGrowthBytes: 32 * MB, collect, heapUsed: () => used });
    return { collector, collect, grow: (mb: number) => (used += mb * MB) };
  }

  it('collects once the config has not changed for the quiet period, if the heap grew enough', () => {
    const { collector, collect, grow } = setup();
    collector.applied();
    grow(40);
    vi.advanceTimersByTime(1_500);
    collector.applied(); // more churn: the quiet period starts again
    vi.advanceTimersByTime(1_999);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
    // Measured from what the collection left: the next small churn collects nothing.
    grow(20);
    collector.applied();
    vi.advanceTimersByTime(2_000);
    expect(collect).toHaveBeenCalledTimes(1);
    grow(20);
    collector.applied();
    vi.advanceTimersByTime(2_000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('leaves a heap that grew less than the threshold alone, and collects nothing after close', () => {
    const { collector, collect, grow } = setup();
    grow(31);
    collector.applied();
    vi.advanceTimersByTime(5_000);
    expect(collect).not.toHaveBeenCalled();
    grow(10);
    collector.applied();
    collector.close();
    vi.advanceTimersByTime(5_000);
    expect(collect).not.toHaveBeenCalled();
  });

  it('runs a real full collection by default', async () => {
    vi.useRealTimers();
    const collector = new ChurnCollector({ quietMs: 0, minGrowthBytes: 0 });
    // Garbage only a collection can take back: after it, the heap in use is below the peak.
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    const peak = process.memoryUsage().heapUsed;
    garbage = undefined;
    collector.applied();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(garbage).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeLessThan(peak);
  });
});
