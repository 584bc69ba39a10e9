import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKeys } from './json-duplicate-keys';

describe('findDuplicateJsonKeys', () => {
  it.each([
    ['{"a":1,"b":2}', []],
    ['{"a":1,"a":2}', ['a']],
    ['{"spec":{"x":{"a":1},"x":2}}', ['spec.x']],
    ['{"items":[{"n":1,"n":2},{"n":3}]}', ['items[0].n']],
    ['{"a":"}{\\"a\\"","a":1}', ['a']],
    ['{"a\\u0062":1,"ab":2}', ['ab']],
    ['[1,2,{"k":[{"z":1,"z":1}]}]', ['[2].k[0].z']],
    ['{"a":{"b":1},"c":{"b":1}}', []],
  ])('%s', (text, want) => {
    expect(findDuplicateJsonKeys(text)).toEqual(want);
  });
});
