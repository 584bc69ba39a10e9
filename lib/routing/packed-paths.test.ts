import { describe, expect, it } from 'vitest';
import { compileHttpMatch, type HttpMatchInput, pathOnlyMatch } from '@/lib/routing/http-match';
import { firstPackedMatch, packPaths } from '@/lib/routing/packed-paths';
import { routingRequestFrom } from '@/lib/routing/request';

const matches: HttpMatchInput[] = [
  {},
  { path: { type: 'PathPrefix', value: '/' } },
  { path: { type: 'PathPrefix', value: '' } },
  { path: { type: 'PathPrefix', value: '/foo' } },
  { path: { type: 'PathPrefix', value: '/foo/' } },
  { path: { type: 'PathPrefix', value: '/foo/bar' } },
  { path: { type: 'Exact', value: '/foo' } },
  { path: { type: 'Exact', value: '/foo/' } },
  { path: { type: 'Exact', value: '/' } },
  { path: { type: 'Exact', value: '/caf\u00e9/\u6f22' } },
  { path: { type: 'RegularExpression', value: '/fo+' } },
  { path: { type: 'PathPrefix', value: '/foo' }, method: 'GET' },
  { path: { type: 'PathPrefix', value: '/foo' }, method: 'POST' },
  { path: { type: 'PathPrefix', value: '/foo' }, headers: [{ name: 'h', value: '1' }] },
  { path: { type: 'PathPrefix', value: '/foo' }, queryParams: [{ name: 'q', value: '1' }] },
  { path: { type: 'PathPrefix', value: '/foo' }, headers: [], queryParams: [] },
  { path: { type: 'PathPrefix', value: '/x'.repeat(400) } },
];
const paths = ['/', '/foo', '/foo/', '/foo/bar', '/foo/barbaz', '/foobar', '/fo', '/fooo', '/bar/foo', '/caf\u00e9/\u6f22', '/caf\u00e9', '', '/x'.repeat(400), `${'/x'.repeat(400)}/y`, `${'/x'.repeat(400)}y`];
const entries = matches.map((match) => ({ test: compileHttpMatch(match) }));

describe('packPaths / firstPackedMatch', () => {
  it.each(matches.map((match, i) => [JSON.stringify(match).slice(0, 80), i] as const))('decides %s alone as its predicate does, for every path', (_name, i) => {
    const packed = packPaths([pathOnlyMatch(matches[i]!)]);
    for (const path of paths) {
      const req = routingRequestFrom({ method: 'GET', path });
      expect(firstPackedMatch(packed, [entries[i]!], req) === 0, path).toBe(entries[i]!.test(req));
    }
  });

  it('finds the first matching entry of a table in every order tried, as the predicates in turn do', () => {
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed >>> 16) % n;
    };
    for (let round = 0; round < 200; round++) {
      const order = Array.from({ length: 1 + random(6) }, () => random(matches.length));
      const table = order.map((i) => entries[i]!);
      const packed = packPaths(order.map((i) => pathOnlyMatch(matches[i]!)));
      for (const path of paths) {
        const req = routingRequestFrom({ method: 'GET', path, headers: { h: '1' } });
        expect(firstPackedMatch(packed, table, req), `${order.join(',')} ${path}`).toBe(table.findIndex((e) => e.test(req)));
      }
    }
  });

  it('an empty table matches nothing', () => {
    expect(firstPackedMatch(packPaths([]), [], routingRequestFrom({ path: '/' }))).toBe(-1);
  });

  it('packs the kinds into the string as documented', () => {
    expect(packPaths([{ kind: 'any', value: '' }, { kind: 'prefix', value: '/ab' }, { kind: 'predicate', value: '' }])).toBe('\u0001\u0000\u0003\u0003/ab\u0000\u0000');
  });
});
