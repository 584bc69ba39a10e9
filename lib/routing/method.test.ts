import { describe, expect, it } from 'vitest';
import { compileMethodMatch } from '@/lib/routing/method';
import { routingRequestFrom } from '@/lib/routing/request';

describe('compileMethodMatch (SEMANTICS 4.5)', () => {
  it.each([
    ['GET', 'GET', true],
    ['GET', 'get', true], // routingRequestFrom upper-cases, as Node does
    ['POST', 'GET', false],
    ['PATCH', 'PATCH', true],
  ])('%s on %s -> %s', (configured, method, expected) => {
    expect(compileMethodMatch(configured)?.(routingRequestFrom({ method, path: '/' }))).toBe(expected);
  });

  it('no method compiles to no predicate', () => expect(compileMethodMatch(undefined)).toBeNull());
});
