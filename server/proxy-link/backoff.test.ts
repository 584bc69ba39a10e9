import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from '@/server/proxy-link/backoff';

describe('computeBackoffMs', () => {
  it.each([
    [0, 100],
    [1, 100],
    [2, 200],
    [3, 400],
    [5, 1000],
    [100, 1000],
  ])('attempt %d -> %d ms', (attempt, ms) => {
    expect(computeBackoffMs(attempt, { initialMs: 100, maxMs: 1000 })).toBe(ms);
  });
});
