import { describe, expect, it } from 'vitest';
import { keyRangeOf, prefixUpperBound } from '@/server/store/key-range';

describe('prefixUpperBound', () => {
  it.each([
    ['/core/pods/', '/core/pods0'],
    ['/core/pods/a/', '/core/pods/a0'],
    ['a', 'b'],
    ['é', 'ê'],
    ['\u{D7FF}', '\u{E000}'],
    ['x\u{10FFFF}', 'y'],
    ['\u{1F600}', '\u{1F601}'],
  ])('%j -> %j', (prefix, bound) => {
    expect(prefixUpperBound(prefix)).toBe(bound);
  });

  it.each([[''], ['\u{10FFFF}'], ['\u{10FFFF}\u{10FFFF}']])('%j has no upper bound', (prefix) => {
    expect(prefixUpperBound(prefix)).toBeUndefined();
  });

  it('bounds every extension of the prefix and excludes siblings (byte order as SQLite compares)', () => {
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    const prefix = '/gateway.networking.k8s.io/httproutes/a/';
    const upper = prefixUpperBound(prefix) as string;
    for (const key of [`${prefix}x`, `${prefix}\u{10FFFE}`, `${prefix}zzzz`, `${prefix}`]) {
      expect(Buffer.compare(bytes(key), bytes(upper))).toBeLessThan(0);
    }
    for (const sibling of ['/gateway.networking.k8s.io/httproutes/ab/x', '/gateway.networking.k8s.io/httproutes/b/x']) {
      expect(Buffer.compare(bytes(sibling), bytes(upper))).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('keyRangeOf', () => {
  it('uses a BLOB as the open upper bound of the empty prefix', () => {
    const range = keyRangeOf('');
    expect(range.lower).toBe('');
    expect(range.upper).toBeInstanceOf(Uint8Array);
  });
});
