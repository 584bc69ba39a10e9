import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, hashCanonical } from '@/lib/ir/version-hash';

describe('fnv1a64', () => {
  // Reference vectors of 64-bit FNV-1a (Fowler/Noll/Vo test suite).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('%j -> %s', (input, expected) => expect(fnv1a64(input)).toBe(expected));

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(fnv1a64('é')).toBe(fnv1a64('\u00e9'));
    expect(fnv1a64('é')).not.toBe(fnv1a64('e'));
    expect(fnv1a64('\u{1F600}')).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('canonicalJson / hashCanonical', () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 1, x: 2 }, u: undefined }, '{"z":{"x":2,"y":1}}'],
    [[{ b: 2, a: 1 }], '[{"a":1,"b":2}]'],
    ['q"uote', '"q\\"uote"'],
  ])('%j', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(hashCanonical(value)).toBe(fnv1a64(expected));
  });

  it('ignores key order, not array order', () => {
    expect(hashCanonical({ a: 1, b: 2 })).toBe(hashCanonical({ b: 2, a: 1 }));
    expect(hashCanonical([1, 2])).not.toBe(hashCanonical([2, 1]));
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });
});
