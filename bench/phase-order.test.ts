import { describe, expect, it } from 'vitest';
import { phaseOrder } from './phase-order';

describe('phaseOrder', () => {
  it('runs every configuration twice, mirrored, starting one further each round', () => {
    expect(phaseOrder(['one', 'many', 'nginx'], 0)).toEqual(['one', 'many', 'nginx', 'nginx', 'many', 'one']);
    expect(phaseOrder(['one', 'many', 'nginx'], 1)).toEqual(['many', 'nginx', 'one', 'one', 'nginx', 'many']);
    expect(phaseOrder(['one', 'many', 'nginx'], 3)).toEqual(phaseOrder(['one', 'many', 'nginx'], 0));
    expect(phaseOrder(['one', 'many'], 1)).toEqual(['many', 'one', 'one', 'many']);
  });

  it('gives each configuration the same mean position in a round and the first slot equally often over n rounds', () => {
    const configs = ['a', 'b', 'c'];
    for (let round = 0; round < 3; round++) {
      const order = phaseOrder(configs, round);
      for (const c of configs) expect(order.indexOf(c) + order.lastIndexOf(c)).toBe(order.length - 1);
    }
    expect([0, 1, 2].map((round) => phaseOrder(configs, round)[0]).sort()).toEqual(configs);
  });
});
