/**
 * The proxy admin documents the topology reads (DESIGN contract): `/stats?scope=series` JSON
 * request counters per (listener, rule, backend) and status class with the per-rule latency
 * histograms, or (from a proxy without that scope) the histograms from the Prometheus text of
 * `/metrics`. The parsers are pure and tolerate what they do not know (an older or newer
 * proxy), since traffic numbers are advisory.
 */

export interface CounterTotals {
  total: number;
  errors: number;
}

export interface Histogram {
  /** Upper bounds in ms, ascending; the last is Infinity. */
  bounds: number[];
  /** Cumulative counts per bound. */
  cumulative: number[];
}

const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** `/stats` -> totals by `rule|backend`, summed over listeners; requests that matched no rule are left out. */
export function parseProxyStats(body: unknown): Map<string, CounterTotals> {
  const totals = new Map<string, CounterTotals>();
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return totals;
  for (const entry of requests as Record<string, unknown>[]) {
    const rule = typeof entry.rule === 'string' ? entry.rule : '';
    const backend = typeof entry.backend === 'string' ? entry.backend : '';
    if (!rule) continue;
    let total = 0;
    for (const cls of CLASSES) total += typeof entry[cls] === 'number' ? (entry[cls] as number) : 0;
    const errors = typeof entry['5xx'] === 'number' ? (entry['5xx'] as number) : 0;
    const key = `${rule}|${backend}`;
    const sum = totals.get(key) ?? { total: 0, errors: 0 };
    sum.total += total;
    sum.errors += errors;
    totals.set(key, sum);
  }
  return totals;
}

/**
 * The `latency` section of `/stats?scope=series` (per-bucket counts, the last one +Inf) -> the
 * latency histogram of each rule; undefined when the document has none (an older proxy: read
 * `/metrics` instead). Rows whose bucket count does not fit the bounds are skipped.
 */
export function parseSeriesLatency(body: unknown): Map<string, Histogram> | undefined {
  const latency = (body as { latency?: unknown } | null)?.latency as { boundsMs?: unknown; rules?: unknown } | undefined;
  if (typeof latency !== 'object' || latency === null || !Array.isArray(latency.boundsMs) || !Array.isArray(latency.rules)) return undefined;
  const bounds = [...(latency.boundsMs as unknown[]).filter((b): b is number => typeof b === 'number'), Infinity];
  const histograms = new Map<string, Histogram>();
  for (const entry of latency.rules as { rule?: unknown; buckets?: unknown }[]) {
    if (typeof entry?.rule !== 'string' || !Array.isArray(entry.buckets) || entry.buckets.length !== bounds.length) continue;
    let running = 0;
    const cumulative = (entry.buckets as unknown[]).map((n) => (running += typeof n === 'number' && Number.isFinite(n) ? n : 0));
    histograms.set(entry.rule, { bounds, cumulative });
  }
  return histograms;
}

const BUCKET_LINE = /^portico_proxy_request_duration_seconds_bucket\{rule="((?:[^"\\]|\\.)*)",le="([^"]+)"\} ([0-9.eE+]+)$/;

/** `/metrics` -> the latency histogram of each rule (bounds in ms). */
export function parseLatencyHistograms(text: string): Map<string, Histogram> {
  const histograms = new Map<string, Histogram>();
  for (const line of text.split('\n')) {
    const m = BUCKET_LINE.exec(line);
    if (!m) continue;
    const rule = unescapeLabel(m[1]!);
    const bound = m[2] === '+Inf' ? Infinity : Number(m[2]) * 1000;
    const count = Number(m[3]);
    if (!Number.isFinite(count) || Number.isNaN(bound)) continue;
    const h = histograms.get(rule) ?? { bounds: [], cumulative: [] };
    h.bounds.push(bound);
    h.cumulative.push(count);
    histograms.set(rule, h);
  }
  return histograms;
}

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}
