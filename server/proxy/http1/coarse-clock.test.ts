import { describe, expect, it } from 'vitest';
import { COARSE_CLOCK_MS, coarseNow } from '@/server/proxy/http1/coarse-clock';

describe('coarseNow', () => {
  it('follows performance.now(), never ahead of it and behind by at most about one period', async () => {
    const first = coarseNow();
    expect(first).toBeLessThanOrEqual(performance.now());
    await new Promise((resolve) => setTimeout(resolve, 3 * COARSE_CLOCK_MS));
    const later = coarseNow();
    const now = performance.now();
    expect(later).toBeGreaterThan(first);
    expect(later).toBeLessThanOrEqual(now);
    // A period plus the timer's own lateness on a busy machine.
    expect(now - later).toBeLessThan(COARSE_CLOCK_MS + 100);
  });
});
