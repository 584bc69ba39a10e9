import { describe, expect, it } from 'vitest';
import { CHUNKED, encodeRequestHead, NO_BODY, type RequestHeaders, requestBodyLength } from '@/server/proxy/http1/encode-request-head';

describe('requestBodyLength', () => {
  it.each<[string, RequestHeaders, boolean, number]>([
    ['no body', { 'content-length': '5' }, false, NO_BODY],
    ['a length', { 'content-length': '5' }, true, 5],
    ['a numeric length', { 'content-length': 7 }, true, 7],
    ['a body without length', {}, true, CHUNKED],
    ['a transfer-encoding hint only', { 'transfer-encoding': 'chunked' }, true, CHUNKED],
  ])('%s', (_name, headers, hasBody, expected) => {
    expect(requestBodyLength(headers, hasBody)).toBe(expected);
  });

  it.each(['-1', '1e3', ' 5', '', '9999999999999999'])('refuses content-length %j', (length) => {
    expect(() => requestBodyLength({ 'content-length': length }, true)).toThrow(expect.objectContaining({ code: 'UPSTREAM_INVALID_REQUEST' }));
  });
});

describe('encodeRequestHead', () => {
  it.each<[string, string, RequestHeaders, number, string]>([
    ['a bodiless GET', 'GET', { host: 'a.com', accept: '*/*' }, NO_BODY, 'GET / HTTP/1.1\r\nhost: a.com\r\naccept: */*\r\n\r\n'],
    ['a length', 'PUT', { host: 'a.com', 'content-length': '3' }, 3, 'PUT / HTTP/1.1\r\nhost: a.com\r\ncontent-length: 3\r\n\r\n'],
    ['chunked, dropping the hint', 'POST', { host: 'a.com', 'transfer-encoding': 'gzip, chunked' }, CHUNKED, 'POST / HTTP/1.1\r\nhost: a.com\r\ntransfer-encoding: chunked\r\n\r\n'],
    ['a bodiless POST', 'POST', { host: 'a.com' }, NO_BODY, 'POST / HTTP/1.1\r\nhost: a.com\r\ncontent-length: 0\r\n\r\n'],
    ['a GET that said length 0', 'GET', { host: 'a.com', 'content-length': '0' }, NO_BODY, 'GET / HTTP/1.1\r\nhost: a.com\r\ncontent-length: 0\r\n\r\n'],
    ['no host: the default', 'GET', { accept: 'a' }, NO_BODY, 'GET / HTTP/1.1\r\naccept: a\r\nhost: 10.0.0.1:8080\r\n\r\n'],
    ['connection headers dropped, our length', 'GET', { host: 'a', connection: 'close', 'keep-alive': 'timeout=5', 'Content-Length': '9' }, NO_BODY, 'GET / HTTP/1.1\r\nhost: a\r\ncontent-length: 0\r\n\r\n'],
    ['arrays, numbers and undefined', 'GET', { host: 'a', cookie: ['a=1', 'b=2'], 'x-n': 5, 'x-u': undefined }, NO_BODY, 'GET / HTTP/1.1\r\nhost: a\r\ncookie: a=1\r\ncookie: b=2\r\nx-n: 5\r\n\r\n'],
    ['latin1 and tabs in values', 'GET', { host: 'a', 'x-v': 'caf\u00e9\tok' }, NO_BODY, 'GET / HTTP/1.1\r\nhost: a\r\nx-v: caf\u00e9\tok\r\n\r\n'],
  ])('%s', (_name, method, headers, bodyLength, expected) => {
    expect(encodeRequestHead(method, '/', headers, bodyLength, '10.0.0.1:8080')).toBe(expected);
  });

  it.each<[string, string, string, RequestHeaders]>([
    ['a method with a space', 'GE T', '/', {}],
    ['an empty method', '', '/', {}],
    ['a target with a space', 'GET', '/a b', {}],
    ['a target with CR LF', 'GET', '/a\r\nx: 1', {}],
    ['a target with a control character', 'GET', '/a\u0001', {}],
    ['a target beyond latin1', 'GET', '/\u2603', {}],
    ['an empty target', 'GET', '', {}],
    ['a header name with a space', 'GET', '/', { 'x y': '1' }],
    ['a header name with a colon', 'GET', '/', { 'x:y': '1' }],
    ['a header value with CR LF', 'GET', '/', { 'x-a': 'a\r\nx-b: 1' }],
    ['a header value with NUL', 'GET', '/', { 'x-a': 'a\u0000' }],
    ['an array value with LF', 'GET', '/', { 'x-a': ['ok', 'a\nb'] }],
    ['a host with CR LF', 'GET', '/', { host: 'a\r\nx: 1' }],
    ['a value beyond latin1', 'GET', '/', { 'x-a': '\u2603' }],
  ])('refuses %s', (_name, method, path, headers) => {
    expect(() => encodeRequestHead(method, path, headers, NO_BODY, 'h')).toThrow(expect.objectContaining({ code: 'UPSTREAM_INVALID_REQUEST' }));
  });

  it('still refuses a bad method or target when the headers are known valid, and writes the headers unchecked', () => {
    expect(() => encodeRequestHead('GE T', '/', {}, NO_BODY, 'h', true)).toThrow(expect.objectContaining({ code: 'UPSTREAM_INVALID_REQUEST' }));
    expect(() => encodeRequestHead('GET', '/a\r\nx: 1', {}, NO_BODY, 'h', true)).toThrow(expect.objectContaining({ code: 'UPSTREAM_INVALID_REQUEST' }));
    const headers = { host: 'a', 'x-v': 'caf\u00e9' };
    expect(encodeRequestHead('GET', '/', headers, NO_BODY, 'h', true)).toBe(encodeRequestHead('GET', '/', headers, NO_BODY, 'h'));
  });
});
