import { describe, expect, it } from 'vitest';
import { compileCors } from '@/server/proxy/cors';

const base = { type: 'CORS' as const, allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['x-header-1', 'x-header-2'], exposeHeaders: ['x-header-3'], allowCredentials: true, maxAge: 3600 };

describe('compileCors', () => {
  const cors = compileCors({ ...base, allowOrigins: ['https://www.foo.com', 'https://*.bar.com', 'http://local.test:8080'] });

  it.each([
    ['https://www.foo.com', true],
    ['https://www.foo.com:443', true],
    ['https://www.bar.com', true],
    ['https://a.b.bar.com', true],
    ['https://bar.com', false],
    ['http://www.foo.com', false],
    ['https://foobar.com', false],
    ['http://local.test:8080', true],
    ['http://local.test', false],
    ['null', false],
  ])('origin %s allowed: %s', (origin, expected) => {
    expect(cors.actual(origin) !== null).toBe(expected);
  });

  it('answers a preflight with the configured lists', () => {
    expect(cors.preflight('https://www.foo.com', 'GET', 'x-header-1')).toEqual({
      'access-control-allow-origin': 'https://www.foo.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, OPTIONS',
      'access-control-allow-headers': 'x-header-1, x-header-2',
      'access-control-expose-headers': 'x-header-3',
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
  });

  it('echoes the request for wildcards and omits credentials when not allowed', () => {
    const wild = compileCors({ ...base, allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: [], allowCredentials: false });
    expect(wild.preflight('https://foobar.com:12345', 'PUT', 'x-a, x-b')).toEqual({
      'access-control-allow-origin': 'https://foobar.com:12345',
      'access-control-allow-methods': 'PUT',
      'access-control-allow-headers': 'x-a, x-b',
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
  });
});
