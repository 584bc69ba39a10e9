import { describe, expect, it } from 'vitest';
import { httpRouteMatchSchema } from '@/lib/gateway-api/http-route/matches';
import { checkHttpMatch, compileHttpMatch, type HttpMatchInput, pathOnlyMatch } from '@/lib/routing/http-match';
import { routingRequestFrom } from '@/lib/routing/request';
import { PATH_MATCHES } from '@/lib/routing/testdata/path-matches';

describe('compileHttpMatch', () => {
  const r = (method: string, path: string, headers: Record<string, string> = {}, query = '') => routingRequestFrom({ method, path, headers, query });

  it.each<[string, HttpMatchInput, ReturnType<typeof r>, boolean]>([
    ['absent path means PathPrefix /', {}, r('GET', '/anything'), true],
    ['path + method', { path: { type: 'Exact', value: '/a' }, method: 'POST' }, r('POST', '/a'), true],
    ['method mismatch', { path: { type: 'Exact', value: '/a' }, method: 'POST' }, r('GET', '/a'), false],
    ['path mismatch', { path: { type: 'Exact', value: '/a' }, method: 'POST' }, r('POST', '/b'), false],
    [
      'all four ANDed',
      { path: { type: 'PathPrefix', value: '/p' }, method: 'GET', headers: [{ name: 'h', value: '1' }], queryParams: [{ name: 'q', value: '2' }] },
      r('GET', '/p/x', { h: '1' }, 'q=2'),
      true,
    ],
    [
      'one of four fails',
      { path: { type: 'PathPrefix', value: '/p' }, method: 'GET', headers: [{ name: 'h', value: '1' }], queryParams: [{ name: 'q', value: '2' }] },
      r('GET', '/p/x', { h: '1' }, 'q=3'),
      false,
    ],
  ])('%s', (_why, match, req, expected) => {
    expect(compileHttpMatch(match)(req)).toBe(expected);
  });

  it('accepts the parsed Gateway API shape (defaults applied by the schema)', () => {
    const match = httpRouteMatchSchema.parse({ headers: [{ name: 'version', value: 'two' }] });
    expect(compileHttpMatch(match)(r('GET', '/', { version: 'two' }))).toBe(true);
  });
});

describe('pathOnlyMatch', () => {
  // Their verdicts against the predicates: packed-paths.test.ts.
  it('gives Exact paths as they are and prefixes in their effective form', () => {
    expect([3, 4, 5, 6, 7].map((i) => pathOnlyMatch(PATH_MATCHES[i]!).value)).toEqual(['/foo', '/foo', '/foo/bar', '/foo', '/foo/']);
  });

  it('leaves matches with a method, header or query condition, or a regular expression, to the predicate', () => {
    expect(PATH_MATCHES.map((m) => pathOnlyMatch(m).kind)).toEqual(['any', 'any', 'any', 'prefix', 'prefix', 'prefix', 'exact', 'exact', 'exact', 'exact', 'predicate', 'predicate', 'predicate', 'predicate', 'predicate', 'prefix', 'prefix']);
  });
});

describe('checkHttpMatch', () => {
  it.each<[HttpMatchInput, string[]]>([
    [{ path: { type: 'Exact', value: '/a' } }, []],
    [{ path: { type: 'Glob', value: '/a' } }, ['path.type']],
    [{ path: { type: 'RegularExpression', value: '(a)\\1' } }, ['path.value']],
    [{ headers: [{ type: 'Prefix', name: 'a', value: 'b' }] }, ['headers[0].type']],
    [{ queryParams: [{ name: 'x', value: '1' }, { type: 'RegularExpression', name: 'y', value: '(?=a)' }] }, ['queryParams[1].value']],
    [{ method: 'FETCH' }, ['method']],
  ])('%j -> %j', (match, fields) => {
    expect(checkHttpMatch(match).map((p) => p.field)).toEqual(fields);
  });
});
