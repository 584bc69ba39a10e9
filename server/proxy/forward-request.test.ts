import { describe, expect, it } from 'vitest';
import { forwardErrorStatus, mayRetryForward, upstreamErrorStatus } from '@/server/proxy/forward-request';

describe('forwardErrorStatus', () => {
  it.each<[string | undefined, boolean, number]>([
    ['UPSTREAM_INVALID_REQUEST', false, 500],
    ['ECONNREFUSED', false, 503],
    ['EHOSTUNREACH', false, 503],
    ['ENETUNREACH', false, 503],
    ['EADDRNOTAVAIL', false, 503],
    ['UPSTREAM_CONNECT_TIMEOUT', false, 503],
    ['UPSTREAM_HEADERS_TIMEOUT', false, 504],
    // Our own deadline fired (the abort reason carries no code).
    [undefined, true, 504],
    ['ECONNRESET', true, 504],
    ['ECONNRESET', false, 502],
    ['EPIPE', false, 502],
    ['UPSTREAM_CLOSED', false, 502],
    ['UPSTREAM_STALE_CONNECTION', false, 502],
    ['UPSTREAM_INVALID_RESPONSE', false, 502],
    ['UPSTREAM_REQUEST_BODY', false, 502],
    ['UPSTREAM_POOL_CLOSED', false, 502],
    [undefined, false, 502],
  ])('%s (deadline passed: %s) -> %i', (code, timedOut, status) => {
    expect(forwardErrorStatus(code, timedOut)).toBe(status);
  });

  it('keeps the shared mapping for the HTTP/2 and upgrade paths', () => {
    expect(upstreamErrorStatus('ECONNREFUSED', false)).toBe(503);
    expect(upstreamErrorStatus('ECONNRESET', false)).toBe(502);
    expect(upstreamErrorStatus(undefined, true)).toBe(504);
  });
});

describe('mayRetryForward', () => {
  it.each<[string | undefined, boolean, boolean, boolean]>([
    ['UPSTREAM_STALE_CONNECTION', false, false, true],
    ['UPSTREAM_STALE_CONNECTION', true, false, false],
    ['UPSTREAM_STALE_CONNECTION', false, true, false],
    // A fresh connection that fails may have reached an upstream that processed the request.
    ['ECONNRESET', false, false, false],
    ['UPSTREAM_CLOSED', false, false, false],
    ['ECONNREFUSED', false, false, false],
    [undefined, false, false, false],
  ])('%s (body: %s, deadline passed: %s) -> %s', (code, hasBody, timedOut, retry) => {
    expect(mayRetryForward(code, hasBody, timedOut)).toBe(retry);
  });
});
