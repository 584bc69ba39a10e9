import { describe, expect, it } from 'vitest';
import { pathSegments } from '@/server/http/path-segments';

describe('pathSegments', () => {
  it.each<[string, string[] | undefined]>([
    ['/api/x/a/b', ['a', 'b']],
    ['/api/x/a%2Fb/c?q=1', ['a/b', 'c']],
    ['/api/x/', ['']],
    ['/api/x', undefined],
    ['/api/xy/a', undefined],
    ['/api/x/%E0%A4%A', undefined],
  ])('%s', (url, segments) => expect(pathSegments(url, '/api/x')).toEqual(segments));
});
