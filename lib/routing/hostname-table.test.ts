import { describe, expect, it } from 'vitest';
import { HostnameTable } from '@/lib/routing/hostname-table';

function tableOf(names: readonly string[]): HostnameTable {
  const table = new HostnameTable();
  names.forEach((name, i) => table.add(name, i));
  return table;
}

describe('HostnameTable', () => {
  const table = tableOf(['example.com', 'a.example.com', 'com', '', 'ünï.example', 'EXAMPLE.com']);

  it.each([
    ['example.com', 0, 0],
    ['a.example.com', 0, 1],
    ['com', 0, 2],
    ['', 0, 3],
    ['ünï.example', 0, 4],
    ['EXAMPLE.com', 0, 5],
    // suffixes, without slicing
    ['a.example.com', 2, 0],
    ['x.a.example.com', 2, 1],
    ['a.example.com', 10, 2],
    ['example.com', 11, 3],
    // absent: other names, prefixes and extensions of names, other case
    ['example.co', 0, undefined],
    ['example.comm', 0, undefined],
    ['xample.com', 0, undefined],
    ['Example.com', 0, undefined],
    ['a.example.com', 1, undefined],
  ])('%s from %i -> %s', (name, start, expected) => expect(table.get(name, start)).toBe(expected));

  it('keeps every name through growth (rehash and packed characters moved)', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `h${i}.bench.com`);
    const big = tableOf(names);
    expect(big.size).toBe(10_000);
    names.forEach((name, i) => expect(big.get(name)).toBe(i));
    expect(big.get('h10000.bench.com')).toBeUndefined();
    expect(big.get('x.h9999.bench.com', 2)).toBe(9999);
  });

  it('finds names whose hashes share a bucket (linear probing past other names)', () => {
    // 1,000 names in 2,048 buckets: many start their probe in a bucket another name holds.
    const names = Array.from({ length: 1000 }, (_, i) => `n${i * 7919}`);
    const t = tableOf(names);
    names.forEach((name, i) => expect(t.get(name)).toBe(i));
    for (let i = 0; i < 1000; i++) expect(t.get(`m${i}`)).toBeUndefined();
  });

  it('refuses values it cannot store', () => {
    const t = new HostnameTable();
    for (const value of [-1, 1.5, 0x7fffffff, Number.NaN]) expect(() => t.add('a', value)).toThrow(/out of range/);
    expect(t.size).toBe(0);
    expect(t.get('a')).toBeUndefined();
  });
});
