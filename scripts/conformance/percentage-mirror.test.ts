import { describe, expect, it } from 'vitest';
import type { EchoBackend } from './echo-backends';
import type { ExchangeResult } from './http-exchange';
import type { HttpExpectation } from './http-expectation';
import { checkMirroredShare, mirrorCountBand, percentMirrorOf } from './percentage-mirror';

const exp = {
  mode: 'eventuallyConsistent',
  name: 'percent',
  target: { port: 80, scheme: 'http' },
  request: { path: '/m', addsRequestIdQueryParam: true },
  backend: { name: 'v1', namespace: 'ns' },
  response: { statusCodes: [200] },
  backendRequest: { source: 'explicit', path: '/m' },
  mirroredTo: [{ name: 'v2', namespace: 'ns', percent: 20 }],
} as unknown as HttpExpectation;

const PARAMS = { totalRequests: 500, concurrency: 10, toleranceStdDevs: 3, distributionChecks: 5 };
const SETTLE = { quietMs: 20, timeoutMs: 500 };

/** The primary backend's echo of `path`, and the mirror's log line for it when `mirrored`. */
function fakeGateway(mirrored: (n: number) => boolean, status = 200): { send: (path: string) => Promise<ExchangeResult>; mirror: EchoBackend; sent: () => number } {
  const log: string[] = [];
  let n = 0;
  return {
    mirror: { service: 'v2', namespace: 'ns', log } as unknown as EchoBackend,
    sent: () => n,
    send: (path) => {
      if (mirrored(n++)) setTimeout(() => log.push(`Echoing back request made to ${path} to client (127.0.0.1:1)`), 1);
      const body = JSON.stringify({ path, method: 'GET', host: '', headers: {}, namespace: 'ns', pod: 'v1-abc' });
      return Promise.resolve({ status, protocol: 'HTTP/1.1', headers: new Map(), body });
    },
  };
}

describe('percentage mirror check', () => {
  it('allows total * p +/- k standard deviations', () => {
    const band = mirrorCountBand(500, 20, 3);
    expect(band.low).toBeCloseTo(100 - 3 * Math.sqrt(80), 6);
    expect(band.high).toBeCloseTo(100 + 3 * Math.sqrt(80), 6);
    expect(mirrorCountBand(500, 100, 3)).toEqual({ low: 500, high: 500 });
  });

  it('needs exactly one mirror with a percent', () => {
    expect(percentMirrorOf(exp)).toEqual({ name: 'v2', namespace: 'ns', percent: 20 });
    expect(percentMirrorOf({ ...exp, mirroredTo: [{ name: 'v2', namespace: 'ns' }] })).toMatch(/exactly one mirror with a percent/);
  });

  it('passes when the mirror logged its share of a batch (lines logged after the responses count)', async () => {
    const gateway = fakeGateway((n) => n % 5 === 0);
    expect(await checkMirroredShare(exp, gateway.send, [gateway.mirror], PARAMS, SETTLE)).toBeUndefined();
    expect(gateway.sent()).toBe(500);
  });

  it('fails, with every round counted, when the mirror gets every request', async () => {
    const gateway = fakeGateway(() => true);
    expect(await checkMirroredShare(exp, gateway.send, [gateway.mirror], PARAMS, SETTLE)).toBe('mirror ns/v2 logged 500, 500, 500, 500, 500 of 500 requests in 5 rounds, never within 73.2-126.8 (20 %)');
  });

  it('counts only the lines of its own batch (a fresh request id each round)', async () => {
    const gateway = fakeGateway(() => false);
    for (let i = 0; i < 100; i++) gateway.mirror.log.push('Echoing back request made to /m?gateway-api-conformance-request-id=old to client');
    expect(await checkMirroredShare(exp, gateway.send, [gateway.mirror], { ...PARAMS, distributionChecks: 1 }, SETTLE)).toMatch(/^mirror ns\/v2 logged 0 of 500 requests/);
  });

  it('fails on a primary response that misses its expectation, and without the mirror backend', async () => {
    const failing = fakeGateway(() => true, 500);
    expect(await checkMirroredShare(exp, failing.send, [failing.mirror], PARAMS, SETTLE)).toBe('a request of the mirrored batch: status 500, want 200');
    expect(await checkMirroredShare(exp, failing.send, [], PARAMS, SETTLE)).toBe('no echo backend runs for mirror ns/v2');
  });
});
