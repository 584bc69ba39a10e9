import { describe, expect, it } from 'vitest';
import { compilePathMatch, pathPrefixMatches, RoutingCompileError } from '@/lib/routing/path';

describe('compilePathMatch (SEMANTICS 4.2)', () => {
  it.each([
    // Exact
    ['Exact', '/abc', '/abc', true],
    ['Exact', '/abc', '/abc/', false],
    ['Exact', '/abc', '/Abc', false],
    ['Exact', '/abc', '/abcd', false],
    // PathPrefix, element-wise
    ['PathPrefix', '/abc', '/abc', true],
    ['PathPrefix', '/abc', '/abc/', true],
    ['PathPrefix', '/abc', '/abc/def', true],
    ['PathPrefix', '/abc', '/abcd', false],
    ['PathPrefix', '/abc', '/ab', false],
    ['PathPrefix', '/abc', '/ABC', false],
    ['PathPrefix', '/foo', '/foobar', false],
    ['PathPrefix', '/v2/', '/v2', true],
    ['PathPrefix', '/v2/', '/v2/x', true],
    ['PathPrefix', '/v2/', '/v2x', false],
    ['PathPrefix', '/', '/', true],
    ['PathPrefix', '/', '/anything/at/all', true],
    ['PathPrefix', '/match/prefix/', '/match/prefix/one', true],
    // RegularExpression, anchored to the whole path
    ['RegularExpression', '/v[0-9]+/.*', '/v12/users', true],
    ['RegularExpression', '/v[0-9]+/.*', '/x/v12/users', false],
    ['RegularExpression', '/v[0-9]+', '/v1/extra', false],
    ['RegularExpression', '/(a+)+', `/${'a'.repeat(3000)}b`, false],
  ])('%s %s on %s -> %s', (type, value, path, expected) => {
    expect(compilePathMatch({ type, value })(path)).toBe(expected);
    if (type === 'PathPrefix') expect(pathPrefixMatches(value, path)).toBe(expected);
  });

  it('refuses an unknown type at compile time', () => {
    expect(() => compilePathMatch({ type: 'Glob', value: '/x' })).toThrow(RoutingCompileError);
  });
});
