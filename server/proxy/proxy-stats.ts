/**
 * Request counters and latency histograms, updated on the request path without allocation:
 * compiled rules hold their counter and histogram objects, found once per snapshot by key.
 * Series live for the life of the process (a rule that comes back keeps its counts).
 */

/** Upper bounds in milliseconds; +Inf is implicit. */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

export interface RequestCounter {
  readonly listener: string;
  readonly rule: string;
  readonly backend: string;
  /** Index = status class (1..5); index 0 counts anything else. */
  readonly byClass: number[];
}

export interface LatencyHistogram {
  readonly rule: string;
  /** Cumulative counts are computed when rendering; these are per-bucket, the last is +Inf. */
  readonly buckets: number[];
  sum: number;
  count: number;
}

export class ProxyStats {
  private readonly counters = new Map<string, RequestCounter>();
  private readonly histograms = new Map<string, LatencyHistogram>();

  counter(listener: string, rule: string, backend: string): RequestCounter {
    const key = `${listener}\u0000${rule}\u0000${backend}`;
    let counter = this.counters.get(key);
    if (counter === undefined) {
      counter = { listener, rule, backend, byClass: [0, 0, 0, 0, 0, 0] };
      this.counters.set(key, counter);
    }
    return counter;
  }

  histogram(rule: string): LatencyHistogram {
    let histogram = this.histograms.get(rule);
    if (histogram === undefined) {
      histogram = { rule, buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0), sum: 0, count: 0 };
      this.histograms.set(rule, histogram);
    }
    return histogram;
  }

  allCounters(): RequestCounter[] {
    return [...this.counters.values()];
  }

  allHistograms(): LatencyHistogram[] {
    return [...this.histograms.values()];
  }
}

export function countStatus(counter: RequestCounter, status: number): void {
  const cls = (status / 100) | 0;
  const index = cls >= 1 && cls <= 5 ? cls : 0;
  counter.byClass[index] = (counter.byClass[index] ?? 0) + 1;
}

export function observeLatency(histogram: LatencyHistogram, ms: number): void {
  let i = 0;
  while (i < LATENCY_BUCKETS_MS.length && ms > (LATENCY_BUCKETS_MS[i] as number)) i++;
  histogram.buckets[i] = (histogram.buckets[i] ?? 0) + 1;
  histogram.sum += ms;
  histogram.count += 1;
}
