import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '@/lib/gateway-api/shared/label-selector';
import { matchLabelSelector, type SelectorVerdict } from '@/server/graph/label-selector-match';

const labels = { team: 'a', env: 'prod' };

describe('matchLabelSelector', () => {
  const cases: { name: string; selector: LabelSelector; verdict: SelectorVerdict }[] = [
    { name: 'empty selector matches everything', selector: {}, verdict: 'match' },
    { name: 'matchLabels equal', selector: { matchLabels: { team: 'a' } }, verdict: 'match' },
    { name: 'matchLabels different value', selector: { matchLabels: { team: 'b' } }, verdict: 'no-match' },
    { name: 'matchLabels missing key', selector: { matchLabels: { owner: 'x' } }, verdict: 'no-match' },
    { name: 'In', selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, verdict: 'match' },
    { name: 'In, key absent', selector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, verdict: 'no-match' },
    { name: 'NotIn', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, verdict: 'match' },
    { name: 'NotIn, key absent', selector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, verdict: 'match' },
    { name: 'NotIn excluded', selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, verdict: 'no-match' },
    { name: 'Exists', selector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, verdict: 'match' },
    { name: 'DoesNotExist', selector: { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, verdict: 'no-match' },
    { name: 'labels AND expressions', selector: { matchLabels: { team: 'a' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, verdict: 'no-match' },
    { name: 'unknown operator', selector: { matchExpressions: [{ key: 'team', operator: 'Matches', values: ['a'] }] }, verdict: 'invalid' },
    { name: 'In without values', selector: { matchExpressions: [{ key: 'team', operator: 'In', values: [] }] }, verdict: 'invalid' },
    { name: 'Exists with values', selector: { matchExpressions: [{ key: 'team', operator: 'Exists', values: ['a'] }] }, verdict: 'invalid' },
    { name: 'invalid even after a failing matchLabels', selector: { matchLabels: { team: 'z' }, matchExpressions: [{ key: 'x', operator: 'Bad' }] }, verdict: 'invalid' },
  ];
  it.each(cases)('$name', ({ selector, verdict }) => {
    expect(matchLabelSelector(selector, labels)).toBe(verdict);
  });
});
