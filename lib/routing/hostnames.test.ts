import { describe, expect, it } from 'vitest';
import { hostnameCovers, hostnameMatches, hostnameSpecificityKey, intersectHostnames, normalizeRequestHost } from '@/lib/routing/hostnames';

describe('hostnameMatches', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['example.com', 'EXAMPLE.com', true],
    ['Example.COM', 'example.com', true],
    ['example.com', 'www.example.com', false],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '.example.com', false],
    ['*.example.com', 'aexample.com', false],
    ['*.example.com', 'A.Example.Com', true],
    ['*.com', 'example.com', true],
    ['*.foo.example.com', 'bar.example.com', false],
    ['*', 'anything.at.all', true],
    ['', 'anything', true],
  ])('%s matches %s: %s', (pattern, host, expected) => {
    expect(hostnameMatches(pattern, host)).toBe(expected);
  });
});

describe('hostnameCovers', () => {
  it.each([
    ['*', '*', true],
    ['*', 'a.example.com', true],
    ['*', '*.example.com', true],
    ['a.example.com', '*', false],
    ['*.example.com', '*', false],
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', 'b.example.com', false],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', '*.foo.example.com', true],
    ['*.foo.example.com', '*.example.com', false],
    ['*.com', '*.example.com', true],
    ['a.example.com', '*.example.com', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(hostnameCovers(outer, inner)).toBe(expected);
  });
});

describe('intersectHostnames (SEMANTICS 3.4)', () => {
  it.each<[string | undefined, string[], string[] | null]>([
    // listener none
    [undefined, ['foo.example.com'], ['foo.example.com']],
    [undefined, ['*.example.com'], ['*.example.com']],
    [undefined, [], ['*']],
    ['', [], ['*']],
    // listener precise l
    ['test.example.com', ['test.example.com'], ['test.example.com']],
    ['test.example.com', ['other.example.com'], null],
    ['test.example.com', ['*.example.com'], ['test.example.com']],
    ['a.b.example.com', ['*.example.com'], ['a.b.example.com']],
    ['example.com', ['*.example.com'], null],
    ['test.example.com', [], ['test.example.com']],
    // listener wildcard *.t
    ['*.example.com', ['test.example.com'], ['test.example.com']],
    ['*.example.com', ['foo.test.example.com'], ['foo.test.example.com']],
    ['*.example.com', ['example.com'], null],
    ['*.example.com', ['test.example.net'], null],
    ['*.example.com', ['*.example.com'], ['*.example.com']],
    ['*.com', ['*.example.com'], ['*.example.com']],
    ['*.example.com', ['*.com'], ['*.example.com']],
    ['*.example.com', ['*.example.net'], null],
    ['*.example.com', [], ['*.example.com']],
    // several route hostnames: non-intersecting ones are ignored, results sorted and deduplicated
    ['*.example.com', ['example.com', 'b.example.com', 'a.example.com', 'test.example.net'], ['a.example.com', 'b.example.com']],
    ['test.example.com', ['*.example.com', 'test.example.com'], ['test.example.com']],
    [undefined, ['b.example.com', 'a.example.com'], ['a.example.com', 'b.example.com']],
    // case is folded
    ['Test.Example.com', ['TEST.example.COM'], ['test.example.com']],
  ])('listener %s with route %j -> %j', (listener, routes, expected) => {
    expect(intersectHostnames(listener, routes)).toEqual(expected);
  });

  it('3.4 example: listener *.example.com accepts and rejects', () => {
    for (const ok of ['*.example.com', 'test.example.com', 'foo.test.example.com']) expect(intersectHostnames('*.example.com', [ok])).not.toBeNull();
    for (const bad of ['example.com', 'test.example.net']) expect(intersectHostnames('*.example.com', [bad])).toBeNull();
  });

  it('3.4 example: listener test.example.com accepts none, itself and *.example.com', () => {
    for (const ok of [[], ['test.example.com'], ['*.example.com']]) expect(intersectHostnames('test.example.com', ok)).toEqual(['test.example.com']);
  });
});

describe('hostnameSpecificityKey', () => {
  it('orders exact, then wildcards with more labels, then any', () => {
    const names = ['*', '*.example.com', 'abc.foo.example.com', '*.foo.example.com', 'a.example.com'];
    const sorted = [...names].sort((a, b) => {
      const ka = hostnameSpecificityKey(a);
      const kb = hostnameSpecificityKey(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number | string) < (kb[i] as number | string) ? -1 : 1;
      return 0;
    });
    expect(sorted).toEqual(['abc.foo.example.com', 'a.example.com', '*.foo.example.com', '*.example.com', '*']);
  });
});

describe('normalizeRequestHost', () => {
  it.each([
    ['Example.COM:8080', 'example.com'],
    ['example.com', 'example.com'],
    ['example.com.', 'example.com'],
    ['[::1]:80', '[::1]'],
    ['127.0.0.1:3000', '127.0.0.1'],
    ['', ''],
  ])('%s -> %s', (raw, expected) => expect(normalizeRequestHost(raw)).toBe(expected));
});
