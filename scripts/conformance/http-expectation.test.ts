import { describe, expect, it } from 'vitest';
import type { ExchangeResult } from './http-exchange';
import { checkResponse, type HttpExpectation } from './http-expectation';

const target = { port: 80, scheme: 'http' };

function echo(fields: Record<string, unknown>, status = 200, headers: Record<string, string[]> = {}): ExchangeResult {
  const body = JSON.stringify({ path: '/', method: 'GET', host: 'example.org', headers: {}, namespace: 'ns', pod: 'infra-backend-v1-x', ...fields });
  return { status, protocol: 'HTTP/1.1', headers: new Map(Object.entries(headers)), body };
}

const routed: HttpExpectation = {
  mode: 'eventuallyConsistent',
  name: 'x',
  target,
  request: { path: '/', headers: { 'X-In': 'a' } },
  backend: { name: 'infra-backend-v1', namespace: 'ns' },
  response: { statusCodes: [200], headers: { 'X-Out': 'v1,v2' }, absentHeaders: ['x-gone'] },
  backendRequest: { source: 'sameAsRequest', path: '/' },
};

describe('checkResponse', () => {
  const cases: Array<[string, HttpExpectation, ExchangeResult, string | undefined]> = [
    ['a matching echo', routed, echo({ headers: { 'X-In': ['a'] } }, 200, { 'x-out': ['v1', 'v2'] }), undefined],
    ['wrong status', routed, echo({}, 404), 'status 404, want 200'],
    ['504 stands for 408', { ...routed, response: { statusCodes: [408] }, backend: undefined, backendRequest: undefined }, echo({}, 504), undefined],
    ['wrong pod', routed, echo({ pod: 'infra-backend-v2-x', headers: { 'X-In': ['a'] } }, 200, { 'x-out': ['v1,v2'] }), 'answered by pod infra-backend-v2-x, want infra-backend-v1-*'],
    ['request header lost (sameAsRequest)', routed, echo({}, 200, { 'x-out': ['v1,v2'] }), 'backend saw header X-In: undefined, want a'],
    ['response header present that must be absent', routed, echo({ headers: { 'x-in': ['a'] } }, 200, { 'x-out': ['v1,v2'], 'x-gone': ['1'] }), 'response header x-gone present, want absent'],
    ['path with query compared exactly', { ...routed, backendRequest: { source: 'explicit', path: '/a?b=1' } }, echo({ path: '/a' }, 200, { 'x-out': ['v1,v2'] }), 'backend saw path /a, want /a?b=1'],
  ];
  it.each(cases)('%s', (_name, exp, res, want) => {
    expect(checkResponse(exp, res)).toBe(want);
  });

  const redirect: HttpExpectation = { mode: 'eventuallyConsistent', name: 'r', target, request: { path: '/p?q=1', unfollowRedirect: true }, response: { statusCodes: [302] }, redirect: { scheme: null, host: 'example.org', port: null, path: null } };
  const located = (location: string): ExchangeResult => ({ status: 302, protocol: 'HTTP/1.1', headers: new Map([['location', [location]]]), body: '' });
  it.each([
    ['http://example.org/p', undefined],
    ['http://example.org:80/p', undefined],
    ['http://example.org:8080/p', 'redirect port 8080, want (default)'],
    ['https://example.org/p', 'redirect scheme https, want http'],
    ['http://other.org/p', 'redirect host other.org, want example.org'],
  ])('redirect to %s', (location, want) => {
    expect(checkResponse(redirect, located(location))).toBe(want);
  });
});
