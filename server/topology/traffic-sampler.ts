import { computeTraffic, type ComputedTraffic, type TrafficSample, type TrafficWindows } from '@/server/topology/compute-traffic';
import { parseLatencyHistograms, parseProxyStats, parseSeriesLatency, type CounterTotals, type Histogram } from '@/server/topology/parse-proxy-stats';

export interface TrafficSamplerOptions {
  /** Admin URLs of the proxies to read (from their acks: the admin port may be ephemeral). */
  adminUrls: () => string[];
  intervalMs?: number;
  windows?: TrafficWindows;
  /** Sampling stops this long after the last read, and resumes on the next one. */
  idleStopMs?: number;
  now?: () => number;
  fetchImpl?: typeof fetch;
}

export interface TrafficReading extends ComputedTraffic {
  available: boolean;
  message?: string;
  windows: TrafficWindows;
}

export interface TrafficSampler {
  read(): Promise<TrafficReading>;
  close(): void;
}

const DEFAULT_WINDOWS: TrafficWindows = { rateMs: 5_000, splitMs: 60_000 };

/**
 * Reads every proxy's `/stats?scope=series` (the series that saw traffic, with their latency
 * histograms: its cost follows traffic, not the number of configured rules) once a second while
 * someone is looking (the topology page polls `GET /api/traffic`) and keeps a minute of
 * cumulative samples, from which rates, error rates, p99 and the actual weight split are
 * computed (computeTraffic). A series that does not exist yet counts as zero.
 */
export function createTrafficSampler(options: TrafficSamplerOptions): TrafficSampler {
  const intervalMs = options.intervalMs ?? 1_000;
  const windows = options.windows ?? DEFAULT_WINDOWS;
  const idleStopMs = options.idleStopMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  const fetchImpl = options.fetchImpl ?? fetch;
  let samples: TrafficSample[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastRead = 0;
  let lastProxies = 0;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  const sampleOnce = (): Promise<void> =>
    (inFlight ??= (async () => {
      try {
        const urls = options.adminUrls();
        const readings = await Promise.all(urls.map((url) => fetchProxy(fetchImpl, url, intervalMs)));
        const ok = readings.filter((r): r is NonNullable<typeof r> => r !== undefined);
        lastProxies = ok.length;
        if (ok.length === 0) return;
        samples.push({ at: now(), ...mergeReadings(ok) });
        const keepAfter = now() - windows.splitMs - 2 * intervalMs;
        samples = samples.filter((s) => s.at >= keepAfter);
      } finally {
        inFlight = undefined;
      }
    })());

  const tick = () => {
    if (now() - lastRead > idleStopMs) {
      clearInterval(timer);
      timer = undefined;
      samples = [];
      return;
    }
    void sampleOnce();
  };

  return {
    async read() {
      lastRead = now();
      if (!timer && !closed) {
        timer = setInterval(tick, intervalMs);
        timer.unref();
      }
      if (samples.length === 0) await sampleOnce();
      const available = lastProxies > 0;
      return {
        ...computeTraffic(samples, windows),
        available,
        ...(available ? {} : { message: 'No proxy reports traffic: the bundled proxy is off, or has not acknowledged a snapshot yet.' }),
        windows,
      };
    },
    close() {
      closed = true;
      clearInterval(timer);
      timer = undefined;
    },
  };
}

async function fetchProxy(fetchImpl: typeof fetch, adminUrl: string, timeoutMs: number): Promise<{ counters: Map<string, CounterTotals>; histograms: Map<string, Histogram> } | undefined> {
  // Only plain http admin URLs (what proxies report): never follow a scheme we did not expect.
  if (!/^http:\/\//.test(adminUrl)) return undefined;
  try {
    const stats = await fetchImpl(`${adminUrl}/stats?scope=series`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!stats.ok) return undefined;
    const body: unknown = await stats.json();
    const counters = parseProxyStats(body);
    const histograms = parseSeriesLatency(body);
    if (histograms !== undefined) return { counters, histograms };
    // A proxy without the series scope: its histograms are in the Prometheus text.
    const metrics = await fetchImpl(`${adminUrl}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    return metrics.ok ? { counters, histograms: parseLatencyHistograms(await metrics.text()) } : undefined;
  } catch {
    return undefined;
  }
}

function mergeReadings(readings: { counters: Map<string, CounterTotals>; histograms: Map<string, Histogram> }[]): Omit<TrafficSample, 'at'> {
  if (readings.length === 1) return readings[0]!;
  const counters = new Map<string, CounterTotals>();
  const histograms = new Map<string, Histogram>();
  for (const r of readings) {
    for (const [key, c] of r.counters) {
      const sum = counters.get(key) ?? { total: 0, errors: 0 };
      counters.set(key, { total: sum.total + c.total, errors: sum.errors + c.errors });
    }
    for (const [rule, h] of r.histograms) {
      const sum = histograms.get(rule);
      histograms.set(rule, sum && sum.bounds.length === h.bounds.length ? { bounds: h.bounds, cumulative: h.cumulative.map((c, i) => c + (sum.cumulative[i] ?? 0)) } : h);
    }
  }
  return { counters, histograms };
}
