import { describe, expect, it } from 'vitest';
import { compileHeaderMatches, effectiveHeaderMatches } from '@/lib/routing/headers';
import { routingRequestFrom } from '@/lib/routing/request';

const req = (headers: Record<string, string | string[]>) => routingRequestFrom({ path: '/', headers });

describe('compileHeaderMatches (SEMANTICS 4.3)', () => {
  it.each<[string, { type?: string; name: string; value: string }[], Record<string, string | string[]>, boolean]>([
    ['name is case-insensitive', [{ name: 'Version', value: 'two' }], { version: 'two' }, true],
    ['request name case folded', [{ name: 'version', value: 'two' }], { VERSION: 'two' }, true],
    ['value is case-sensitive', [{ name: 'version', value: 'two' }], { version: 'Two' }, false],
    ['missing header', [{ name: 'version', value: 'two' }], {}, false],
    ['all entries ANDed', [{ name: 'version', value: 'two' }, { name: 'color', value: 'orange' }], { version: 'two' }, false],
    ['both present', [{ name: 'version', value: 'two' }, { name: 'color', value: 'orange' }], { version: 'two', color: 'orange' }, true],
    ['first duplicate wins', [{ name: 'x', value: 'a' }, { name: 'X', value: 'b' }], { x: 'a' }, true],
    ['later duplicate ignored', [{ name: 'x', value: 'a' }, { name: 'X', value: 'b' }], { x: 'b' }, false],
    ['repeated header joined', [{ name: 'x', value: 'a, b' }], { x: ['a', 'b'] }, true],
    ['regex full match', [{ type: 'RegularExpression', name: 'x', value: 'v[0-9]' }], { x: 'v1' }, true],
    ['regex is anchored', [{ type: 'RegularExpression', name: 'x', value: 'v[0-9]' }], { x: 'v10' }, false],
  ])('%s', (_why, matches, headers, expected) => {
    const predicate = compileHeaderMatches(matches);
    expect(predicate?.(req(headers))).toBe(expected);
  });

  it('no entries compiles to no predicate', () => {
    expect(compileHeaderMatches([])).toBeNull();
    expect(compileHeaderMatches(undefined)).toBeNull();
  });

  it('effective entries: first per name, lower-cased', () => {
    expect(effectiveHeaderMatches([{ name: 'A', value: '1' }, { name: 'a', value: '2' }, { name: 'B', value: '3' }])).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '3' },
    ]);
  });
});
