import { describe, expect, it } from 'vitest';
import { computeTraffic, percentile, type TrafficSample } from '@/server/topology/compute-traffic';
import type { CounterTotals, Histogram } from '@/server/topology/parse-proxy-stats';

const RULE = 'HTTPRoute/team-a/storefront/3';
const sample = (at: number, counters: Record<string, [number, number]>, histograms: Record<string, Histogram> = {}): TrafficSample => ({
  at,
  counters: new Map(Object.entries(counters).map(([k, [total, errors]]): [string, CounterTotals] => [k, { total, errors }])),
  histograms: new Map(Object.entries(histograms)),
});
const hist = (cumulative: number[]): Histogram => ({ bounds: [1, 10, 100, Infinity], cumulative });
const windows = { rateMs: 5_000, splitMs: 60_000 };

describe('computeTraffic', () => {
  it('has no numbers from a single sample', () => {
    expect(computeTraffic([sample(0, { [`${RULE}|a`]: [10, 0] })], windows)).toEqual({ rules: {}, backends: {} });
  });

  it('measures rate, error rate and split between two samples', () => {
    const result = computeTraffic(
      [sample(0, { [`${RULE}|a`]: [100, 0], [`${RULE}|b`]: [20, 0] }), sample(2_000, { [`${RULE}|a`]: [180, 4], [`${RULE}|b`]: [40, 0], [`${RULE}|`]: [0, 0] })],
      windows,
    );
    expect(result.rules[RULE]).toEqual({ rps: 50, errorRate: 4 / 100, p99Ms: null });
    expect(result.backends[`${RULE}|a`]).toEqual({ rps: 40, errorRate: 0.05, share: 0.8, requests: 80 });
    expect(result.backends[`${RULE}|b`]).toEqual({ rps: 10, errorRate: 0, share: 0.2, requests: 20 });
  });

  it('uses the rate window for rates and the longer split window for the split', () => {
    const samples = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => sample(s * 1_000, { [`${RULE}|a`]: [s < 5 ? s * 100 : 400, 0], [`${RULE}|b`]: [s * 10, 0] }));
    const result = computeTraffic(samples, windows);
    expect(result.rules[RULE]?.rps).toBe(10); // only b has traffic in the last 5 s
    expect(result.backends[`${RULE}|a`]?.share).toBeCloseTo(400 / 500);
  });

  it('treats a counter that went down as a proxy restart', () => {
    const result = computeTraffic([sample(0, { [`${RULE}|a`]: [1000, 0] }), sample(1_000, { [`${RULE}|a`]: [7, 0] })], windows);
    expect(result.rules[RULE]?.rps).toBe(7);
  });

  it('computes p99 from the histogram delta over the rate window', () => {
    const result = computeTraffic([sample(0, { [`${RULE}|a`]: [0, 0] }, { [RULE]: hist([50, 50, 50, 50]) }), sample(1_000, { [`${RULE}|a`]: [100, 0] }, { [RULE]: hist([50, 148, 150, 150]) })], windows);
    expect(result.rules[RULE]?.p99Ms).toBe(100);
  });
});

describe('percentile', () => {
  it.each([
    { name: 'all fast', now: [100, 100, 100, 100], q: 0.99, expected: 1 },
    { name: 'one slow in a hundred', now: [99, 99, 100, 100], q: 0.99, expected: 1 },
    { name: 'tail beyond the last bucket', now: [0, 0, 0, 10], q: 0.99, expected: 100 },
    { name: 'no requests', now: [0, 0, 0, 0], q: 0.99, expected: null },
  ])('$name', ({ now, q, expected }) => {
    expect(percentile(hist(now), undefined, q)).toBe(expected);
  });
});
