import { describe, expect, it } from 'vitest';
import { normalizeRequestPath } from '@/lib/routing/normalize-path';

describe('normalizeRequestPath', () => {
  it.each([
    ['/a/b', '/a/b'],
    ['/a/b?x=1', '/a/b'],
    ['/a/b#frag', '/a/b'],
    ['', '/'],
    ['?q', '/'],
    ['a/b', '/a/b'],
    ['//a///b', '/a/b'],
    ['/a/b/', '/a/b/'],
    ['/a/./b', '/a/b'],
    ['/a/../b', '/b'],
    ['/../../etc', '/etc'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/a/%2e%2e/b', '/b'],
    ['/a/%2E/b', '/a/b'],
    ['/a/.%2e/b', '/b'],
    ['/a%2Fb/c', '/a%2Fb/c'],
    ['/a%2fb/../c', '/c'],
    ['/.well-known/x', '/.well-known/x'],
    ['/a/...', '/a/...'],
  ])('%j -> %j', (raw, expected) => expect(normalizeRequestPath(raw)).toBe(expected));
});
