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

describe('hashCanonical streams exactly the bytes of canonicalJson', () => {
  it.each<[string, unknown]>([
    ['empty containers', { a: [], b: {}, c: '' }],
    ['escapes', { 'k"e\\y': 'line\nbreak\ttab\u0001"q"\\' }],
    ['non-ASCII', { é: 'naïve ☃', emoji: '\u{1F600}x', cjk: '漢字' }],
    ['lone surrogates', ['\ud800', 'a\udc00b', '\ud83d', { ['\udfff']: 1 }]],
    ['U+2028 and DEL', '\u2028\u2029\u007f'],
    ['numbers', [0, -0, 1.5, -2e-7, 1e21, 123456789012345, Number.MAX_SAFE_INTEGER]],
    ['undefined members and items', { a: undefined, b: [undefined, null, false, true] }],
    ['nested order', { z: [{ y: 1, x: [{ b: 2, a: 1 }] }], a: 'first' }],
  ])('%s', (_name, value) => {
    expect(hashCanonical(value)).toBe(fnv1a64(canonicalJson(value)));
  });

  it('matches on generated values (deterministic pseudo-random)', () => {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 0x1_0000_0000;
    };
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\u0000', 'é', '€', '\u{10348}', '\ud800', '\udfff', '/', '\u2028'];
    const str = () => Array.from({ length: Math.floor(next() * 8) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const gen = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) return [str(), Math.floor(next() * 1e6) / 7, true, false, null][Math.floor(next() * 5)];
      if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.1 ? undefined : gen(depth + 1)));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [str(), next() < 0.1 ? undefined : gen(depth + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const value = gen(0);
      expect(hashCanonical(value)).toBe(fnv1a64(canonicalJson(value)));
    }
  });

  it('refuses what canonicalJson refuses', () => {
    expect(() => hashCanonical({ a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => hashCanonical([1n])).toThrow(TypeError);
  });
});
