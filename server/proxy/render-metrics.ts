import { LATENCY_BUCKETS_MS, type StatsRows } from '@/server/proxy/proxy-stats';

const CLASSES = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;

export interface ProcessMemory {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly heapTotalBytes: number;
  readonly externalBytes: number;
}

/**
 * Prometheus text exposition (format 0.0.4) of the proxy's counters, histograms, version and
 * memory. Counters only for classes that counted something; a histogram for every configured
 * rule (zeros until its first request) and every retired one still kept (see ProxyStats).
 */
export function renderMetrics(stats: StatsRows, activeVersion: string | undefined, memory?: ProcessMemory): string {
  return [...renderMetricsChunks(stats, activeVersion, memory)].join('');
}

/** Series (a counter row, or a histogram's 17 lines) per chunk of renderMetricsChunks: about 5 ms of rendering. */
export const SERIES_PER_CHUNK = 256;

/**
 * renderMetrics in pieces of `perChunk` series (rows read from `stats`), each ending in a
 * newline or empty (rows that print nothing: counters that never counted), for a writer that
 * yields to the event loop between them: with 10,000 rules the exposition is 15 MB, and
 * rendered in one go it held up the proxy's traffic for 0.15-0.4 s per scrape.
 */
export function* renderMetricsChunks(stats: StatsRows, activeVersion: string | undefined, memory?: ProcessMemory, perChunk = SERIES_PER_CHUNK): Generator<string> {
  let lines: string[] = ['# HELP portico_proxy_requests_total Requests answered, by listener, route rule, backend and status class.', '# TYPE portico_proxy_requests_total counter'];
  let series = 0;
  const flush = (): string => {
    const chunk = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    lines = [];
    series = 0;
    return chunk;
  };
  for (const c of stats.counters) {
    c.byClass.forEach((n, i) => {
      if (n === 0) return;
      lines.push(`portico_proxy_requests_total{listener="${esc(c.listener)}",rule="${esc(c.rule)}",backend="${esc(c.backend)}",code_class="${CLASSES[i]}"} ${n}`);
    });
    if (++series >= perChunk) yield flush();
  }
  lines.push('# HELP portico_proxy_request_duration_seconds Time from request arrival to response headers, per route rule.', '# TYPE portico_proxy_request_duration_seconds histogram');
  for (const h of stats.histograms) {
    const rule = esc(h.rule);
    const buckets = h.buckets; // a series makes this array on each read
    let cumulative = 0;
    LATENCY_BUCKETS_MS.forEach((le, i) => {
      cumulative += buckets[i] ?? 0;
      lines.push(`portico_proxy_request_duration_seconds_bucket{rule="${rule}",le="${le / 1000}"} ${cumulative}`);
    });
    lines.push(`portico_proxy_request_duration_seconds_bucket{rule="${rule}",le="+Inf"} ${h.count}`);
    lines.push(`portico_proxy_request_duration_seconds_sum{rule="${rule}"} ${h.sum / 1000}`);
    lines.push(`portico_proxy_request_duration_seconds_count{rule="${rule}"} ${h.count}`);
    if (++series >= perChunk) yield flush();
  }
  lines.push('# HELP portico_proxy_snapshot_info The routing snapshot version being served.', '# TYPE portico_proxy_snapshot_info gauge');
  if (activeVersion !== undefined) lines.push(`portico_proxy_snapshot_info{version="${esc(activeVersion)}"} 1`);
  if (memory !== undefined) {
    // The names the Prometheus Node.js client uses, so existing dashboards read them.
    lines.push('# HELP process_resident_memory_bytes Resident memory size in bytes.', '# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${memory.rssBytes}`);
    lines.push('# HELP nodejs_heap_size_used_bytes V8 heap in use, in bytes.', '# TYPE nodejs_heap_size_used_bytes gauge', `nodejs_heap_size_used_bytes ${memory.heapUsedBytes}`);
    lines.push('# HELP nodejs_heap_size_total_bytes V8 heap reserved, in bytes.', '# TYPE nodejs_heap_size_total_bytes gauge', `nodejs_heap_size_total_bytes ${memory.heapTotalBytes}`);
    lines.push('# HELP nodejs_external_memory_bytes Memory of buffers outside the V8 heap, in bytes.', '# TYPE nodejs_external_memory_bytes gauge', `nodejs_external_memory_bytes ${memory.externalBytes}`);
  }
  yield flush();
}

function esc(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
