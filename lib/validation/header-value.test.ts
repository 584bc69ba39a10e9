import { describe, expect, it } from 'vitest';
import { HEADER_VALUE_PATTERN, isValidHeaderValue } from '@/lib/validation/header-value';
import { lines, validateBody } from '@/lib/validation/test-fixtures';

/** H-25: the linear P-HEADER-VALUE check agrees with the regex, without its backtracking. */

const cases: [string, boolean][] = [
  ['a', true],
  ['application/json', true],
  ['a b', true],
  ['a\tb', true],
  ['a b c d', true],
  ['~!@#$%^&*()', true],
  ['', false],
  [' a', false],
  ['a ', false],
  ['a  b', false],
  ['a \tb', false],
  ['a\r\nb', false],
  ['a\nb', false],
  ['a\u0000b', false],
  ['caf\u00e9', false],
  ['\t', false],
];

describe('isValidHeaderValue', () => {
  it.each(cases)('%j -> %s', (value, valid) => {
    expect(isValidHeaderValue(value)).toBe(valid);
  });

  it('agrees with the upstream pattern on short inputs', () => {
    const regex = new RegExp(HEADER_VALUE_PATTERN);
    for (const [value] of cases) expect(isValidHeaderValue(value)).toBe(regex.test(value));
  });

  it('rejects the ReDoS input (30 characters and a bad one) without running the regex', () => {
    const value = `${'a'.repeat(30)}\n`;
    expect(isValidHeaderValue(value)).toBe(false);
    const route = { spec: { rules: [{ matches: [{ headers: [{ name: 'x', value }] }] }] } };
    expect(lines(validateBody('HTTPRoute', route).causes)).toEqual([
      `spec.rules[0].matches[0].headers[0].value: Invalid value: ${JSON.stringify(value)}: spec.rules[0].matches[0].headers[0].value in body should match '^[!-~]+([\\t ]?[!-~]+)*$'`,
    ]);
  });

  it('checks header modifier values too', () => {
    const route = { spec: { rules: [{ filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'x', value: 'v\r\nSet-Cookie: a=b' }] } }] }] } };
    expect(lines(validateBody('HTTPRoute', route).causes)).toHaveLength(1);
  });
});
