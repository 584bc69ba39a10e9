import { describe, expect, it } from 'vitest';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { countStatus, observeLatency, ProxyStats, RETAIN_MS } from '@/server/proxy/proxy-stats';
import { renderMetrics } from '@/server/proxy/render-metrics';
import { buildTestSnapshot, invalidBackend, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';

const ep = { address: '127.0.0.1', port: 9000 };
const snapshot = (names: string[]): RoutingSnapshot =>
  buildTestSnapshot([{ name: 'http', port: 80, routes: names.map((name) => ({ name, hostnames: [`${name}.com`], backends: [serviceBackend('a', [ep]), serviceBackend('a', [ep]), invalidBackend()] })) }]);
const row = (c: { listener: string; rule: string; backend: string; byClass: readonly number[] }) => `${c.listener}|${c.rule}|${c.backend}|${c.byClass.join(',')}`;

describe('ProxyStats', () => {
  it('reports every configured listener, rule and backend, zeros for the untouched, and creates no series for them', () => {
    const stats = new ProxyStats();
    const s = snapshot(['one', 'two']);
    countStatus(stats.counter('test/gw/http', 'HTTPRoute/test/two/0', 'test/a:80'), 200);
    observeLatency(stats.histogram('HTTPRoute/test/two/0'), 3);
    expect(stats.size).toBe(2);
    const report = stats.report(s.listeners);
    expect(report.counters.map(row)).toEqual([
      '|||0,0,0,0,0,0',
      'test/gw/http|||0,0,0,0,0,0',
      'test/gw/http|HTTPRoute/test/one/0|test/a:80|0,0,0,0,0,0',
      'test/gw/http|HTTPRoute/test/one/0|invalid|0,0,0,0,0,0',
      'test/gw/http|HTTPRoute/test/one/0||0,0,0,0,0,0',
      'test/gw/http|HTTPRoute/test/two/0|test/a:80|0,0,1,0,0,0',
      'test/gw/http|HTTPRoute/test/two/0|invalid|0,0,0,0,0,0',
      'test/gw/http|HTTPRoute/test/two/0||0,0,0,0,0,0',
    ]);
    expect(report.histograms.map((h) => `${h.rule}:${h.count}`)).toEqual(['HTTPRoute/test/one/0:0', 'HTTPRoute/test/two/0:1']);
    expect(stats.size).toBe(2);
    // /metrics: a histogram for the untouched rule too, counters only where something counted.
    const text = renderMetrics(report, s.version);
    expect(text).toContain('portico_proxy_request_duration_seconds_count{rule="HTTPRoute/test/one/0"} 0');
    expect(text).toContain('portico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/test/one/0",le="+Inf"} 0');
    expect(text).toContain('portico_proxy_request_duration_seconds_bucket{rule="HTTPRoute/test/two/0",le="0.005"} 1');
    expect(text).toContain('portico_proxy_requests_total{listener="test/gw/http",rule="HTTPRoute/test/two/0",backend="test/a:80",code_class="2xx"} 1');
    expect(text).not.toContain('rule="HTTPRoute/test/one/0",backend=');
  });

  it('includes every recorded request in each read, and applies the batch to the series once it is full', () => {
    const stats = new ProxyStats();
    const s = snapshot(['one']);
    const counter = stats.counter('test/gw/http', 'HTTPRoute/test/one/0', 'test/a:80');
    const histogram = stats.histogram('HTTPRoute/test/one/0');
    stats.record(counter, histogram, 200, 3);
    stats.record(counter, histogram, 503, 30);
    expect(stats.listenerTotals()).toEqual([{ listener: 'test/gw/http', byClass: [0, 0, 1, 0, 0, 1] }]);
    stats.record(counter, histogram, 404, 0.5);
    const report = stats.report(s.listeners);
    expect(report.counters.find((c) => c.backend === 'test/a:80')?.byClass).toEqual([0, 0, 1, 0, 1, 1]);
    expect(report.histograms[0]).toMatchObject({ count: 3, sum: 33.5 });
    stats.record(counter, histogram, 200, 1);
    expect(stats.series().counters[0]?.byClass[2]).toBe(2);
    // With no reader, the series' numbers fall behind by less than a batch.
    for (let i = 0; i < 1000; i++) stats.record(counter, histogram, 200, 1);
    expect(counter.classCount(2)).toBeGreaterThan(1000 - 64);
    expect(stats.series().counters[0]?.byClass[2]).toBe(1002);
  });

  it('sums the existing series per listener for totals, without a pass over the config', () => {
    const stats = new ProxyStats();
    countStatus(stats.counter('test/gw/http', 'HTTPRoute/test/one/0', 'test/a:80'), 200);
    countStatus(stats.counter('test/gw/http', 'HTTPRoute/test/one/0', 'test/a:80'), 503);
    countStatus(stats.counter('test/gw/http', 'HTTPRoute/test/two/0', ''), 404);
    countStatus(stats.counter('test/gw/https', 'HTTPRoute/test/one/0', 'invalid'), 500);
    countStatus(stats.counter('test/gw/https', '', ''), 404);
    expect(stats.listenerTotals()).toEqual([
      { listener: 'test/gw/http', byClass: [0, 0, 1, 0, 1, 1] },
      { listener: 'test/gw/https', byClass: [0, 0, 0, 0, 1, 1] },
    ]);
    expect(stats.size).toBe(4);
  });

  it('keeps a retired series reported for RETAIN_MS, revives it when its rule comes back, and drops it after', () => {
    let now = 1_000;
    const stats = new ProxyStats(() => now);
    const both = snapshot(['one', 'two']);
    const onlyOne = snapshot(['one']);
    const two = stats.counter('test/gw/http', 'HTTPRoute/test/two/0', 'test/a:80');
    countStatus(two, 200);
    observeLatency(stats.histogram('HTTPRoute/test/two/0'), 1);
    const reported = (s: RoutingSnapshot) => stats.report(s.listeners).counters.filter((c) => c.rule === 'HTTPRoute/test/two/0' && c.backend === 'test/a:80');
    expect(reported(onlyOne)).toEqual([two]); // retired now, still reported
    now += RETAIN_MS - 1;
    expect(reported(both)).toEqual([two]); // configured again: keeps its counts
    now += RETAIN_MS;
    expect(reported(onlyOne)).toEqual([two]); // retired again, the clock starts over
    now += RETAIN_MS;
    expect(reported(onlyOne)).toEqual([two]); // reported one last time, then dropped
    expect(reported(onlyOne)).toEqual([]);
    expect(stats.size).toBe(0);
    expect(two.byClass).toEqual([0, 0, 1, 0, 0, 0]); // a dropped series keeps its last numbers
    expect(reported(both).map(row)).toEqual(['test/gw/http|HTTPRoute/test/two/0|test/a:80|0,0,0,0,0,0']);
    // The rule's new series may get the dropped one's cells: a late request on the old one must not count there.
    const again = stats.counter('test/gw/http', 'HTTPRoute/test/two/0', 'test/a:80');
    countStatus(again, 404);
    countStatus(two, 200);
    expect(again.byClass).toEqual([0, 0, 0, 0, 1, 0]);
    expect(two.byClass).toEqual([0, 0, 2, 0, 0, 0]);
  });

  it('bounds series under churn with no scrapes: growth checks retire what the tracked config no longer names', () => {
    let now = 0;
    const stats = new ProxyStats(() => now);
    let current = snapshot(['keep']);
    stats.trackConfig(() => current.listeners);
    countStatus(stats.counter('test/gw/http', 'HTTPRoute/test/keep/0', 'test/a:80'), 200);
    for (let i = 0; i < 50_000; i++) {
      // Each rule name lives for one request, a second of (fake) time apart.
      now += 1000;
      countStatus(stats.counter('test/gw/http', `HTTPRoute/test/churn-${i}/0`, 'test/a:80'), 200);
    }
    expect(stats.size).toBeLessThan(3 * 4096 + 2 * (RETAIN_MS / 1000));
    // Dropped series give their cells back: the array stays about as big as the live series need.
    expect(stats.cellCount).toBeLessThanOrEqual(2 * 6 * (3 * 4096 + 2 * (RETAIN_MS / 1000)));
    current = snapshot(['keep']);
    expect(stats.report(current.listeners).counters.find((c) => c.rule === 'HTTPRoute/test/keep/0' && c.backend === 'test/a:80')?.byClass[2]).toBe(1);
  });
});
