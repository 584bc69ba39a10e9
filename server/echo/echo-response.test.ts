import { describe, expect, it } from 'vitest';
import { buildEchoResponse, canonicalHeaderName, collectHeaders, parseEchoSetHeader } from '@/server/echo/echo-response';

describe('canonicalHeaderName', () => {
  it.each([
    ['x-forwarded-for', 'X-Forwarded-For'],
    ['CONTENT-TYPE', 'Content-Type'],
    ['user-agent', 'User-Agent'],
    ['x-echo-set-header', 'X-Echo-Set-Header'],
    ['te', 'Te'],
    ['bad header', 'bad header'],
  ])('%s -> %s', (raw, canonical) => {
    expect(canonicalHeaderName(raw)).toBe(canonical);
  });
});

describe('collectHeaders', () => {
  it('keeps every header line as its own value and leaves Host out', () => {
    expect(collectHeaders(['Host', 'a.example', 'x-multi', '1', 'X-Multi', '2', 'accept', '*/*'])).toEqual({
      'X-Multi': ['1', '2'],
      Accept: ['*/*'],
    });
  });
});

describe('buildEchoResponse', () => {
  it('has exactly the fields of the upstream echo server', () => {
    const body = buildEchoResponse(
      { url: '/a/b?x=1&x=2', host: 'h.example:8080', method: 'PATCH', httpVersion: '1.1', rawHeaders: ['Host', 'h.example:8080', 'x-a', 'v'] },
      { namespace: 'gateway-conformance-infra', ingress: '', service: '', pod: 'infra-backend-v1', httpPort: '3000' },
    );
    expect(body).toEqual({
      path: '/a/b?x=1&x=2',
      host: 'h.example:8080',
      method: 'PATCH',
      proto: 'HTTP/1.1',
      headers: { 'X-A': ['v'] },
      namespace: 'gateway-conformance-infra',
      ingress: '',
      service: '',
      pod: 'infra-backend-v1',
      httpPort: '3000',
    });
  });
});

describe('parseEchoSetHeader', () => {
  it.each([
    ['', []],
    ['X-A:1', [['X-A', '1']]],
    ['X-A: 1 ,X-B:two', [['X-A', '1'], ['X-B', 'two']]],
    ['X-A:1,X-A:2', [['X-A', '1,2']]],
    ['nocolon,X-C:a:b', [['X-C', 'a:b']]],
  ])('%j', (value, expected) => {
    expect([...parseEchoSetHeader(value)]).toEqual(expected);
  });
});
