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
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk).not.toContain('\n\n');
      expect(chunk.match(/_count\{/g)?.length ?? 0).toBeLessThanOrEqual(2);
    }
  });

  it('is one chunk when everything fits', () => {
    expect([...renderMetricsChunks(report, snapshot.version, memory, 1_000)]).toHaveLength(1);
  });
});
