import { trafficBackendKey, type BackendTraffic, type RuleTraffic } from '@/lib/api/topology';
import type { CounterTotals, Histogram } from '@/server/topology/parse-proxy-stats';

/** Cumulative counters read from the proxies at one moment. */
export interface TrafficSample {
  /** Milliseconds on the sampler's clock. */
  at: number;
  /** By `rule|backend` (backend `''` = answered by the rule itself, e.g. a redirect). */
  counters: ReadonlyMap<string, CounterTotals>;
  /** By rule id. */
  histograms: ReadonlyMap<string, Histogram>;
}

export interface TrafficWindows {
  /** Requests/s, error rate and p99 are measured over this window. */
  rateMs: number;
  /** The actual weight split over this (longer) window: enough requests to compare with the weights. */
  splitMs: number;
}

export interface ComputedTraffic {
  rules: Record<string, RuleTraffic>;
  backends: Record<string, BackendTraffic>;
}

/**
 * Rates from cumulative samples: the newest sample minus the newest one at least a window
 * older (or the oldest there is). A counter that went down means the proxy restarted: its
 * current value is the delta. Pure.
 */
export function computeTraffic(samples: readonly TrafficSample[], windows: TrafficWindows): ComputedTraffic {
  const latest = samples[samples.length - 1];
  if (!latest || samples.length < 2) return { rules: {}, backends: {} };
  const rateBase = baseSample(samples, latest.at - windows.rateMs);
  const splitBase = baseSample(samples, latest.at - windows.splitMs);
  const seconds = Math.max((latest.at - rateBase.at) / 1000, 0.001);

  const rules: Record<string, RuleTraffic> = {};
  const backends: Record<string, BackendTraffic> = {};
  const ruleTotals = new Map<string, { total: number; errors: number; picked: number }>();
  const splitDeltas = new Map<string, number>();
  for (const [key, now] of latest.counters) {
    const [rule, backend] = splitKey(key);
    const rate = delta(now, rateBase.counters.get(key));
    const split = delta(now, splitBase.counters.get(key)).total;
    const sums = ruleTotals.get(rule) ?? { total: 0, errors: 0, picked: 0 };
    sums.total += rate.total;
    sums.errors += rate.errors;
    if (backend !== '') {
      sums.picked += split;
      splitDeltas.set(key, split);
      backends[trafficBackendKey(rule, backend)] = { rps: rate.total / seconds, errorRate: rate.total > 0 ? rate.errors / rate.total : 0, share: null, requests: split };
    }
    ruleTotals.set(rule, sums);
  }
  for (const [key, split] of splitDeltas) {
    const [rule, backend] = splitKey(key);
    const picked = ruleTotals.get(rule)?.picked ?? 0;
    const entry = backends[trafficBackendKey(rule, backend)];
    if (entry) entry.share = picked > 0 ? split / picked : null;
  }
  for (const [rule, sums] of ruleTotals) {
    rules[rule] = {
      rps: sums.total / seconds,
      errorRate: sums.total > 0 ? sums.errors / sums.total : 0,
      p99Ms: percentile(latest.histograms.get(rule), rateBase.histograms.get(rule), 0.99),
    };
  }
  return { rules, backends };
}

function baseSample(samples: readonly TrafficSample[], notAfter: number): TrafficSample {
  let base = samples[0]!;
  for (let i = samples.length - 2; i >= 0; i--) {
    if (samples[i]!.at <= notAfter) {
      base = samples[i]!;
      break;
    }
  }
  return base;
}

function delta(now: CounterTotals, before: CounterTotals | undefined): CounterTotals {
  if (!before || now.total < before.total) return now;
  return { total: now.total - before.total, errors: Math.max(0, now.errors - before.errors) };
}

function splitKey(key: string): [string, string] {
  const bar = key.lastIndexOf('|');
  return [key.slice(0, bar), key.slice(bar + 1)];
}

/** The bucket bound under which `q` of the window's requests finished; null without requests. */
export function percentile(now: Histogram | undefined, before: Histogram | undefined, q: number): number | null {
  if (!now || now.cumulative.length === 0) return null;
  const reset = !before || before.cumulative.length !== now.cumulative.length || (before.cumulative.at(-1) ?? 0) > (now.cumulative.at(-1) ?? 0);
  const counts = now.cumulative.map((c, i) => (reset ? c : c - (before.cumulative[i] ?? 0)));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let i = 0; i < counts.length; i++) {
    if ((counts[i] ?? 0) >= rank) {
      const bound = now.bounds[i] ?? Infinity;
      // Beyond the last finite bucket the histogram only says "slower than that".
      return Number.isFinite(bound) ? bound : (now.bounds.filter(Number.isFinite).at(-1) ?? null);
    }
  }
  return null;
}
