import { describe, expect, it } from 'vitest';
import { redirectLocation, type RedirectFilter } from '@/server/proxy/redirect-location';

describe('redirectLocation', () => {
  const req = { host: 'req.example.com', path: '/p', query: '', matchedPrefix: '/' };
  // The SEMANTICS 5.4 conformance table (hostname example.org), then path and query cases.
  it.each<[string, 'http' | 'https', number, Partial<RedirectFilter>, string]>([
    ['HTTP :80', 'http', 80, {}, 'http://example.org/p'],
    ['HTTP :80, port 8080', 'http', 80, { port: 8080 }, 'http://example.org:8080/p'],
    ['HTTP :80, https', 'http', 80, { scheme: 'https' }, 'https://example.org/p'],
    ['HTTP :80, https 8443', 'http', 80, { scheme: 'https', port: 8443 }, 'https://example.org:8443/p'],
    ['HTTP :8080', 'http', 8080, {}, 'http://example.org:8080/p'],
    ['HTTP :8080, port 80', 'http', 8080, { port: 80 }, 'http://example.org/p'],
    ['HTTPS :443, port 8443', 'https', 443, { port: 8443 }, 'https://example.org:8443/p'],
    ['HTTPS :443, http', 'https', 443, { scheme: 'http' }, 'http://example.org/p'],
  ])('%s', (_name, scheme, listenerPort, filter, expected) => {
    expect(redirectLocation({ statusCode: 302, type: 'RequestRedirect', hostname: 'example.org', ...filter }, { ...req, scheme, listenerPort })).toBe(expected);
  });

  it('keeps the request host and query, and modifies the path', () => {
    const filter: RedirectFilter = { type: 'RequestRedirect', statusCode: 301, path: { type: 'ReplacePrefixMatch', value: '/new' } };
    expect(redirectLocation(filter, { scheme: 'http', listenerPort: 80, host: 'req.example.com', path: '/old/x', query: 'a=1&b', matchedPrefix: '/old' })).toBe('http://req.example.com/new/x?a=1&b');
  });
});
