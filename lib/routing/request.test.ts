import { describe, expect, it } from 'vitest';
import { routingRequestFrom } from '@/lib/routing/request';

describe('routingRequestFrom', () => {
  it('folds header names, joins repeated values and parses the query', () => {
    const req = routingRequestFrom({ method: 'post', path: '/p', headers: { 'X-A': '1', 'x-a': '2', 'X-B': ['3', '4'] }, query: '?q=1&q=2' });
    expect(req.method).toBe('POST');
    expect(req.headers('x-a')).toBe('1, 2');
    expect(req.headers('x-b')).toBe('3, 4');
    expect(req.headers('x-c')).toBeUndefined();
    expect(req.query.get('q')).toBe('1');
  });
});
