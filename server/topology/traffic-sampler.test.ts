import { describe, expect, it } from 'vitest';
import { createTrafficSampler } from '@/server/topology/traffic-sampler';

const SERIES = {
  requests: [{ listener: 'l', rule: 'HTTPRoute/a/r/0', backend: 'a/s:80', '1xx': 0, '2xx': 9, '3xx': 0, '4xx': 0, '5xx': 1 }],
  latency: { boundsMs: [1, 10], rules: [{ rule: 'HTTPRoute/a/r/0', buckets: [0, 10, 0], sumMs: 40, count: 10 }] },
};
const METRICS = 'portico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/a/r/0",le="0.001"} 10\nportico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/a/r/0",le="+Inf"} 10\n';

/** A fetch that answers from `documents` by path and query, and records what was asked. */
function fakeFetch(documents: Record<string, unknown>): { fetchImpl: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    const key = url.pathname + url.search;
    asked.push(key);
    const body = documents[key];
    if (body === undefined) return new Response('not found', { status: 404 });
    return typeof body === 'string' ? new Response(body) : Response.json(body);
  }) as typeof fetch;
  return { fetchImpl, asked };
}

describe('createTrafficSampler', () => {
  it('reads one document per proxy, /stats?scope=series, for counters and latency alike', async () => {
    const { fetchImpl, asked } = fakeFetch({ '/stats?scope=series': SERIES });
    let at = 0;
    const sampler = createTrafficSampler({ adminUrls: () => ['http://127.0.0.1:9901'], fetchImpl, now: () => (at += 1000) });
    await sampler.read();
    sampler.close();
    expect(asked).toEqual(['/stats?scope=series']);
  });

  it('reads the histograms from /metrics when the proxy has no series scope', async () => {
    const { requests } = SERIES;
    const { fetchImpl, asked } = fakeFetch({ '/stats?scope=series': { requests }, '/metrics': METRICS });
    const sampler = createTrafficSampler({ adminUrls: () => ['http://127.0.0.1:9901'], fetchImpl });
    const reading = await sampler.read();
    sampler.close();
    expect(asked).toEqual(['/stats?scope=series', '/metrics']);
    expect(reading.available).toBe(true);
  });
});
