import { describe, expect, it } from 'vitest';
import { parseLatencyHistograms, parseProxyStats, parseSeriesLatency } from '@/server/topology/parse-proxy-stats';

describe('parseProxyStats', () => {
  it('sums status classes per rule and backend across listeners, and counts 5xx as errors', () => {
    const totals = parseProxyStats({
      requests: [
        { listener: 'infra/public/http', rule: 'HTTPRoute/a/r/0', backend: 'a/s:80', '1xx': 0, '2xx': 5, '3xx': 0, '4xx': 1, '5xx': 2 },
        { listener: 'infra/public/https', rule: 'HTTPRoute/a/r/0', backend: 'a/s:80', '2xx': 3 },
        { listener: 'infra/public/http', rule: '', backend: '', '4xx': 9 },
      ],
    });
    expect([...totals]).toEqual([['HTTPRoute/a/r/0|a/s:80', { total: 11, errors: 2 }]]);
  });

  it('tolerates documents it does not know', () => {
    expect(parseProxyStats(null).size).toBe(0);
    expect(parseProxyStats({ requests: 'no' }).size).toBe(0);
  });
});

describe('parseSeriesLatency', () => {
  it('turns per-bucket counts into cumulative ones over the bounds and +Inf, skipping rows that do not fit', () => {
    const histograms = parseSeriesLatency({
      latency: {
        boundsMs: [1, 10],
        rules: [
          { rule: 'HTTPRoute/a/r/0', buckets: [1, 2, 1], sumMs: 30, count: 4 },
          { rule: 'HTTPRoute/a/short/0', buckets: [1, 2] },
          { rule: 7, buckets: [0, 0, 0] },
        ],
      },
    });
    expect([...histograms!]).toEqual([['HTTPRoute/a/r/0', { bounds: [1, 10, Infinity], cumulative: [1, 3, 4] }]]);
  });

  it('is undefined for a document without the latency section (a proxy without the series scope)', () => {
    expect(parseSeriesLatency({ requests: [] })).toBeUndefined();
    expect(parseSeriesLatency(null)).toBeUndefined();
    expect(parseSeriesLatency({ latency: { boundsMs: 'x', rules: [] } })).toBeUndefined();
  });
});

describe('parseLatencyHistograms', () => {
  it('reads cumulative buckets per rule, in ms, unescaping label values', () => {
    const text = [
      '# TYPE portico_proxy_request_duration_seconds histogram',
      'portico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/a/r/0",le="0.001"} 1',
      'portico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/a/r/0",le="0.01"} 3',
      'portico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/a/r/0",le="+Inf"} 4',
      'portico_proxy_request_duration_seconds_bucket{rule="we\\"ird",le="+Inf"} 2',
      'portico_proxy_request_duration_seconds_sum{rule="HTTPRoute/a/r/0"} 0.5',
    ].join('\n');
    const histograms = parseLatencyHistograms(text);
    expect(histograms.get('HTTPRoute/a/r/0')).toEqual({ bounds: [1, 10, Infinity], cumulative: [1, 3, 4] });
    expect(histograms.get('we"ird')).toEqual({ bounds: [Infinity], cumulative: [2] });
  });
});
