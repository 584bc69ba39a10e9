import { describe, expect, it } from 'vitest';
import { backendOfPod, checkWeightedDistribution, judgeDistribution } from './weighted-distribution';

const step = { expectedWeights: { a: 0.7, b: 0.3, c: 0 }, tolerance: 0.05 };

describe('judgeDistribution', () => {
  it.each<[string, Record<string, number>, string | undefined]>([
    ['matching split', { a: 70, b: 30 }, undefined],
    ['within tolerance', { a: 74, b: 26 }, undefined],
    ['outside tolerance', { a: 80, b: 20 }, 'a got 80.0% of 100, want 70% +/- 5'],
    ['traffic to a zero-weight backend', { a: 69, b: 30, c: 1 }, '3 backends got traffic, 2 have a weight above 0'],
    ['an unknown backend', { a: 70, x: 30 }, 'traffic reached unexpected backend x'],
    ['a weighted backend without traffic', { a: 100 }, '1 backends got traffic, 2 have a weight above 0'],
  ])('%s', (_name, counts, why) => {
    expect(judgeDistribution(step, new Map(Object.entries(counts)))).toBe(why);
  });
});

describe('checkWeightedDistribution', () => {
  it('passes a sampler that follows the weights and fails one that does not', async () => {
    let i = 0;
    const good = async () => ((i++ % 10) < 7 ? 'a-pod-1' : 'b-pod-2');
    expect(await checkWeightedDistribution({ ...step, totalRequests: 100, maxAttempts: 1 }, good)).toBeUndefined();
    const bad = async () => 'a-pod-1';
    expect(await checkWeightedDistribution({ ...step, totalRequests: 50, maxAttempts: 2 }, bad)).toBe('after 2 attempts: 1 backends got traffic, 2 have a weight above 0');
  });

  it('names the backend of a pod', () => {
    expect(backendOfPod('infra-backend-v1-portico-0')).toBe('infra-backend-v1');
  });
});
