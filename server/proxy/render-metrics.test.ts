import { describe, expect, it } from 'vitest';
import { countStatus, observeLatency, ProxyStats } from '@/server/proxy/proxy-stats';
import { renderMetrics, renderMetricsChunks } from '@/server/proxy/render-metrics';
import { buildTestSnapshot, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';

describe('renderMetricsChunks', () => {
  const names = Array.from({ length: 7 }, (_, i) => `r${i}`);
  const snapshot = buildTestSnapshot([{ name: 'http', port: 80, routes: names.map((name) => ({ name, hostnames: [`${name}.com`], backends: [serviceBackend('a', [{ address: '127.0.0.1', port: 9000 }])] })) }]);
  const stats = new ProxyStats();
  for (const name of names) {
    countStatus(stats.counter('test/gw/http', `HTTPRoute/test/${name}/0`, 'test/a:80'), 200);
    observeLatency(stats.histogram(`HTTPRoute/test/${name}/0`), 2);
  }
  const report = stats.report(snapshot.listeners);
  const memory = { rssBytes: 4, heapUsedBytes: 1, heapTotalBytes: 2, externalBytes: 3 };

  it('splits the exposition into chunks of at most the given series, which together are the whole text', () => {
    const chunks = [...renderMetricsChunks(report, snapshot.version, memory, 2)];
    expect(chunks.join('')).toBe(renderMetrics(report, snapshot.version, memory));
    expect(chunks.length).toBeGreaterThan(7);
    for (const chunk of chunks) {
      if (chunk === '') continue;
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk).not.toContain('\n\n');
      expect(chunk.match(/_count\{/g)?.length ?? 0).toBeLessThanOrEqual(2);
    }
  });

  it('reads its rows as it goes: a chunk for every `perChunk` rows, empty when the rows print nothing', () => {
    const read: string[] = [];
    function* rows<T extends { rule: string }>(kind: string, list: readonly T[]): Generator<T> {
      for (const row of list) {
        read.push(`${kind} ${row.rule}`);
        yield row;
      }
    }
    const idle = { listener: 'l', rule: 'idle', backend: '', byClass: [0, 0, 0, 0, 0, 0] };
    const counted = report.counters.find((c) => c.byClass[2] === 1)!;
    const chunks = renderMetricsChunks({ counters: rows('c', [idle, idle, idle, idle, counted]), histograms: rows('h', report.histograms.slice(0, 1)) }, 'v', undefined, 2);
    expect(chunks.next().value).toMatch(/^# HELP portico_proxy_requests_total .*\n# TYPE portico_proxy_requests_total counter\n$/);
    expect(read).toEqual(['c idle', 'c idle']);
    expect(chunks.next().value).toBe('');
    expect(read).toHaveLength(4);
    expect(chunks.next().value).toMatch(/^portico_proxy_requests_total\{.*code_class="2xx"\} 1\n# HELP portico_proxy_request_duration_seconds [^]*_count\{rule="HTTPRoute\/test\/r0\/0"\} 1\n$/);
    expect(read).toEqual(['c idle', 'c idle', 'c idle', 'c idle', `c ${counted.rule}`, 'h HTTPRoute/test/r0/0']);
    expect([...chunks].join('')).toBe('# HELP portico_proxy_snapshot_info The routing snapshot version being served.\n# TYPE portico_proxy_snapshot_info gauge\nportico_proxy_snapshot_info{version="v"} 1\n');
  });

  it('is one chunk when everything fits', () => {
    expect([...renderMetricsChunks(report, snapshot.version, memory, 1_000)]).toHaveLength(1);
  });
});
