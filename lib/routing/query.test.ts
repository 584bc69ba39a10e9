import { describe, expect, it } from 'vitest';
import { compileQueryMatches } from '@/lib/routing/query';
import { routingRequestFrom } from '@/lib/routing/request';

describe('compileQueryMatches (SEMANTICS 4.4)', () => {
  it.each<[string, { type?: string; name: string; value: string }[], string, boolean]>([
    ['exact', [{ name: 'animal', value: 'whale' }], 'animal=whale', true],
    ['name is case-sensitive', [{ name: 'animal', value: 'whale' }], 'ANIMAL=whale', false],
    ['value is case-sensitive', [{ name: 'animal', value: 'whale' }], 'animal=Whale', false],
    ['first occurrence in the request', [{ name: 'animal', value: 'whale' }], 'animal=whale&animal=dolphin', true],
    ['not the second occurrence', [{ name: 'animal', value: 'dolphin' }], 'animal=whale&animal=dolphin', false],
    ['ANDed', [{ name: 'animal', value: 'whale' }, { name: 'color', value: 'blue' }], 'animal=whale', false],
    ['first duplicate entry wins', [{ name: 'a', value: '1' }, { name: 'a', value: '2' }], 'a=2', false],
    ['regex', [{ type: 'RegularExpression', name: 'id', value: '[0-9]+' }], 'id=123', true],
    ['percent-decoded value', [{ name: 'q', value: 'a b' }], 'q=a%20b', true],
  ])('%s', (_why, matches, query, expected) => {
    expect(compileQueryMatches(matches)?.(routingRequestFrom({ path: '/', query }))).toBe(expected);
  });
});
