import { describe, expect, it } from 'vitest';
import { type IrRule } from '@/lib/ir/route';
import { diffRuleObjects } from '@/lib/routing/diff-rule-objects';

const rule = (id: string): IrRule => ({ id, source: { kind: 'HTTPRoute', namespace: 'n', name: id, ruleIndex: 0 }, filters: [], backends: [] });
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(rule) as [IrRule, IrRule, IrRule, IrRule];
const b2 = rule('b');

describe('diffRuleObjects', () => {
  it.each<[string, IrRule[], IrRule[], string[], string[]]>([
    ['the same objects', [a, b, c], [a, b, c], [], []],
    ['one replaced by a new object', [a, b, c], [a, b2, c], ['b'], ['b']],
    ['inserted first, between and last', [b, c], [a, b, c, d], ['a', 'd'], []],
    ['removed', [a, b, c, d], [b, d], [], ['a', 'c']],
    ['everything at once', [a, b, d], [b2, c], ['b', 'c'], ['a', 'b', 'd']],
    ['from nothing', [], [a, b], ['a', 'b'], []],
  ])('%s', (_why, before, after, entered, left) => {
    const diff = diffRuleObjects(before, after);
    expect(diff?.entered.map((r) => r.id)).toEqual(entered);
    expect(diff?.left.map((r) => r.id)).toEqual(left);
  });

  it('reports new objects even when the content is equal (identity is what caches key on)', () => {
    expect(diffRuleObjects([b], [b2])?.entered).toEqual([b2]);
  });

  it('returns undefined for lists not sorted by id (a merge would lie)', () => {
    expect(diffRuleObjects([b, a], [a, b])).toBeUndefined();
    expect(diffRuleObjects([a, b], [a, c, b2])).toBeUndefined();
  });
});
