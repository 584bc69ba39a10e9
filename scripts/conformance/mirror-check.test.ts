import { describe, expect, it } from 'vitest';
import type { EchoBackend } from './echo-backends';
import type { HttpExpectation } from './http-expectation';
import { waitForMirrors, withRequestId } from './mirror-check';

const exp = {
  mode: 'eventuallyConsistent',
  name: null,
  target: { port: 80, scheme: 'http' },
  request: { path: '/mirror', addsRequestIdQueryParam: true },
  backendRequest: { source: 'explicit', path: '/mirror?x=1' },
  mirroredTo: [{ name: 'v2', namespace: 'ns' }],
} as unknown as HttpExpectation;

const backend = (log: string[]) => ({ service: 'v2', namespace: 'ns', log }) as unknown as EchoBackend;

describe('mirror check', () => {
  it('adds the request id to the request and the expected backend path', () => {
    const withId = withRequestId(exp, 'abc');
    expect(withId.request.path).toBe('/mirror?gateway-api-conformance-request-id=abc');
    expect(withId.backendRequest?.path).toBe('/mirror?x=1&gateway-api-conformance-request-id=abc');
    expect(exp.request.path).toBe('/mirror');
  });

  it('passes when every mirror logged the request and names the one that did not', async () => {
    const line = 'Echoing back request made to /mirror?id=1 to client (127.0.0.1:5)';
    expect(await waitForMirrors(exp, '/mirror?id=1', [backend([line])], 50)).toBeUndefined();
    expect(await waitForMirrors(exp, '/mirror?id=1', [backend(['Echoing back request made to /mirror?id=2 to client'])], 50)).toBe('mirror ns/v2 never logged a request to /mirror?id=1');
    expect(await waitForMirrors(exp, '/mirror?id=1', [], 50)).toBe('no echo backend runs for mirror ns/v2');
  });
});
