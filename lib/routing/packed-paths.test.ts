import { describe, expect, it } from 'vitest';
import { compileHttpMatch, pathOnlyMatch } from '@/lib/routing/http-match';
import { firstPackedMatch, packPaths } from '@/lib/routing/packed-paths';
import { routingRequestFrom } from '@/lib/routing/request';
import { PATH_MATCHES, PATHS } from '@/lib/routing/testdata/path-matches';
import { seededRandom } from '@/lib/testing/seeded-random';

const matches = PATH_MATCHES;
const paths = PATHS;
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
    const random = seededRandom(11);
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
