import { describe, expect, it } from 'vitest';
import { modifyPath } from '@/server/proxy/rewrite-path';

describe('modifyPath', () => {
  // Every row of the SEMANTICS 5.5 table, plus the conformance examples.
  it.each([
    ['/foo/bar', '/foo', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo', '/xyz/', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz/', '/xyz/bar'],
    ['/foo', '/foo', '/xyz', '/xyz'],
    ['/foo/', '/foo', '/xyz', '/xyz/'],
    ['/foo/bar', '/foo', '', '/bar'],
    ['/foo/', '/foo', '', '/'],
    ['/foo', '/foo', '', '/'],
    ['/foo', '/foo', '/', '/'],
    ['/foo/', '/foo', '/', '/'],
    ['/prefix/one/two', '/prefix/one', '/one', '/one/two'],
    ['/strip-prefix/three', '/strip-prefix', '/', '/three'],
    ['/strip-prefix', '/strip-prefix', '/', '/'],
    ['/any/path', '/', '/base', '/base/any/path'],
  ])('%s with prefix %s replaced by %j -> %s', (path, prefix, value, expected) => {
    expect(modifyPath({ type: 'ReplacePrefixMatch', value }, path, prefix)).toBe(expected);
  });

  it('replaces the full path', () => {
    expect(modifyPath({ type: 'ReplaceFullPath', value: '/one' }, '/full/one/two', '/full')).toBe('/one');
  });
});
