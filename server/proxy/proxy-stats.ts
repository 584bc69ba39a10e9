import { serviceTargetName } from '@/lib/ir/backend';
import { type IrListener } from '@/lib/ir/listener';
import { type IrBackend, type IrRule } from '@/lib/ir/route';
import { findListenerRule } from '@/lib/routing/find-listener-rule';
import { runToEnd } from '@/lib/util/steps';
import { Series, SeriesCells } from '@/server/proxy/series-cells';

/**
 * Request counters and latency histograms, updated on the request path without allocation.
 * Their numbers live in one Float64Array (SeriesCells), a block per series: counting a request
 * touches the series object and its block, not an object, an array and its elements.
 *
 * Only series that saw a request exist: a compiled rule asks for its counter and histogram on
 * its first request (and keeps them), so 10,000 configured rules of which 2,000 get traffic hold
 * 2,000 series, not 30,000. Reports (`report`) still list every configured listener, rule and
 * backend, with zeros for the untouched ones, read from the active config.
 *
 * Retention: a series keeps counting across recompiles of its rule (found again by listener,
 * rule id and backend name). A series whose rule, backend or listener is no longer in the active
 * config is "retired": still reported, and dropped RETAIN_MS (5 minutes) after it was first found
 * retired, so every scraper sees its last counts; if its rule comes back before, it is
 * configured again and keeps its counts. Retirement is checked on every report (/stats,
 * /metrics) and, so that a proxy nobody scrapes stays bounded under route churn, whenever the
 * number of series has doubled since the last check (amortised O(1) per new series). Memory is
 * thus bounded by about twice the touched configured series plus those retired within 5 minutes.
 *
 * A request the proxy served is counted in two steps (`record`): the request path notes its
 * series, status and latency in a small batch, and the batch is applied to the series when it
 * is full and before anything reads them (reports, `series`, totals). With 10,000 rules a
 * request's series objects and cells are rarely in the CPU cache: applied one request at a
 * time, each miss stalls the request path in turn; applied as a batch, the CPU overlaps the
 * misses of many requests.
 */

/** Upper bounds in milliseconds; +Inf is implicit. */
export const LATENCY_BUCKETS_MS: readonly number[] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** A retired series is reported for this long after it was first found retired, then dropped. */
export const RETAIN_MS = 5 * 60_000;
/** No growth-triggered check below this many series. */
const MIN_CHECK_AT = 4096;

/** A request counter as reports read it. */
export interface RequestCounter {
  readonly listener: string;
  readonly rule: string;
  readonly backend: string;
  /** Index = status class (1..5); index 0 counts anything else. */
  readonly byClass: readonly number[];
}

/** A latency histogram as reports read it. */
export interface LatencyHistogram {
  readonly rule: string;
  /** Cumulative counts are computed when rendering; these are per-bucket, the last is +Inf. */
  readonly buckets: readonly number[];
  readonly sum: number;
  readonly count: number;
}

const CLASS_CELLS = 6;
const BUCKET_CELLS = LATENCY_BUCKETS_MS.length + 1;
/** A histogram's block: count, sum, then the buckets. */
const COUNT_CELL = 0;
const SUM_CELL = 1;
const FIRST_BUCKET_CELL = 2;

/** A counter that exists (saw a request): its numbers are cells 0..5 of its block. */
export class CounterSeries extends Series implements RequestCounter {
  constructor(
    cells: SeriesCells,
    readonly listener: string,
    readonly rule: string,
    readonly backend: string,
  ) {
    super(cells, CLASS_CELLS);
  }

  get byClass(): number[] {
    return this.numbers(0, CLASS_CELLS);
  }

  /** Requests of status class `index` (byClass[index] without an array). */
  classCount(index: number): number {
    return this.cells[this.at + index] as number;
  }
}

/**
 * A histogram that exists: count, sum, then the buckets, so that a fast request (first bucket)
 * writes the first three cells of the block.
 */
export class HistogramSeries extends Series implements LatencyHistogram {
  constructor(
    cells: SeriesCells,
    readonly rule: string,
  ) {
    super(cells, FIRST_BUCKET_CELL + BUCKET_CELLS);
  }

  get count(): number {
    return this.cells[this.at + COUNT_CELL] as number;
  }

  get sum(): number {
    return this.cells[this.at + SUM_CELL] as number;
  }

  get buckets(): number[] {
    return this.numbers(FIRST_BUCKET_CELL, BUCKET_CELLS);
  }
}

/** What /stats and /metrics show: configured series first (config order), then retired ones. */
export interface StatsReport extends StatsRows {
  readonly counters: readonly RequestCounter[];
  readonly histograms: readonly LatencyHistogram[];
}

/** A report's rows, read once, in order (see ProxyStats.reportRows). */
export interface StatsRows {
  readonly counters: Iterable<RequestCounter>;
  readonly histograms: Iterable<LatencyHistogram>;
}

/** The name a backend's counter carries: `namespace/name:port`, or `invalid`. */
export function backendSeriesName(backend: IrBackend): string {
  return backend.kind === 'invalid' ? 'invalid' : serviceTargetName(backend);
}

const ZERO_CLASSES: readonly number[] = Object.freeze(new Array<number>(CLASS_CELLS).fill(0));
const ZERO_BUCKETS: readonly number[] = Object.freeze(new Array<number>(BUCKET_CELLS).fill(0));

/** Requests per pending batch: each of its four arrays fits in a few cache lines. */
const BATCH = 64;

/** Counts noted on the request path and not yet applied to their series (see the module comment). */
class PendingCounts {
  private readonly counters = new Array<CounterSeries | undefined>(BATCH).fill(undefined);
  private readonly histograms = new Array<HistogramSeries | undefined>(BATCH).fill(undefined);
  private readonly statuses = new Int32Array(BATCH);
  private readonly latencies = new Float64Array(BATCH);
  private size = 0;

  add(counter: CounterSeries, histogram: HistogramSeries, status: number, ms: number): void {
    const i = this.size;
    this.counters[i] = counter;
    this.histograms[i] = histogram;
    this.statuses[i] = status;
    this.latencies[i] = ms;
    this.size = i + 1;
    if (this.size === BATCH) this.apply();
  }

  apply(): void {
    const n = this.size;
    this.size = 0;
    for (let i = 0; i < n; i++) {
      countStatus(this.counters[i] as CounterSeries, this.statuses[i] as number);
      observeLatency(this.histograms[i] as HistogramSeries, this.latencies[i] as number);
    }
  }
}

export class ProxyStats {
  private readonly counters = new Map<string, CounterSeries>();
  private readonly histograms = new Map<string, HistogramSeries>();
  private readonly cells = new SeriesCells(() => this.allSeries());
  /** How many counters each rule id has: a report skips the lookups for the (many) rules without. */
  private readonly countersByRule = new Map<string, number>();
  /** Retired series, by when they were first found retired. */
  private readonly retired = new Map<Series, number>();
  private configured: (() => readonly IrListener[] | undefined) | undefined;
  private checkAt = MIN_CHECK_AT;
  private readonly pending = new PendingCounts();

  constructor(private readonly clock: () => number = Date.now) {}

  /**
   * Counts a request of `status` in `counter` and its latency in `histogram` (the request path's
   * call). Every read of these stats includes it; the series' own numbers, once its batch is applied.
   */
  record(counter: CounterSeries, histogram: HistogramSeries, status: number, ms: number): void {
    this.pending.add(counter, histogram, status, ms);
  }

  /** The listeners of the active config, for growth-triggered retirement checks (the admin server binds it). */
  trackConfig(configured: () => readonly IrListener[] | undefined): void {
    this.configured = configured;
  }

  counter(listener: string, rule: string, backend: string): CounterSeries {
    const key = `${listener}\u0000${rule}\u0000${backend}`;
    let counter = this.counters.get(key);
    if (counter === undefined) {
      counter = new CounterSeries(this.cells, listener, rule, backend);
      this.counters.set(key, counter);
      this.countersByRule.set(rule, (this.countersByRule.get(rule) ?? 0) + 1);
      this.grew();
    }
    return counter;
  }

  histogram(rule: string): HistogramSeries {
    let histogram = this.histograms.get(rule);
    if (histogram === undefined) {
      histogram = new HistogramSeries(this.cells, rule);
      this.histograms.set(rule, histogram);
      this.grew();
    }
    return histogram;
  }

  /**
   * Requests per listener (by status class) summed over the series that exist: what a caller
   * wanting totals needs, without a report's pass over every configured rule (10,000 rows).
   */
  listenerTotals(): { listener: string; byClass: number[] }[] {
    this.pending.apply();
    const totals = new Map<string, number[]>();
    for (const c of this.counters.values()) {
      let sum = totals.get(c.listener);
      if (sum === undefined) totals.set(c.listener, (sum = [0, 0, 0, 0, 0, 0]));
      for (let i = 0; i < sum.length; i++) sum[i]! += c.classCount(i);
    }
    return [...totals].map(([listener, byClass]) => ({ listener, byClass }));
  }

  /**
   * The series that exist (touched since configured, or retired and not yet dropped), without
   * the zero rows of untouched ones and without applying retention: for pollers that only need
   * what moved (the topology's traffic sampler), at a cost that follows traffic, not config.
   */
  series(): StatsReport {
    this.pending.apply();
    return { counters: [...this.counters.values()], histograms: [...this.histograms.values()] };
  }

  private *allSeries(): Generator<Series> {
    yield* this.counters.values();
    yield* this.histograms.values();
  }

  /** Cells the series' numbers take (8 bytes each), freed blocks included: what the numbers cost in memory. */
  get cellCount(): number {
    return this.cells.cells.length;
  }

  /** How many series exist (touched, configured or retired). */
  get size(): number {
    return this.counters.size + this.histograms.size;
  }

  /**
   * Every series to report for the active config's `listeners` (undefined: no config yet, the
   * existing series as they are), and applies the retention policy.
   */
  report(listeners: readonly IrListener[] | undefined): StatsReport {
    const rows = this.reportRows(listeners);
    return { counters: [...rows.counters], histograms: [...rows.histograms] };
  }

  /**
   * report's rows, produced as they are read: with 10,000 rules a report is 30,000 rows, and a
   * reader that renders a slice per turn of the event loop (the admin server) never holds up
   * the proxy's traffic for the whole walk. Each list is walked once; the retention policy is
   * applied as the walk reaches the end of it. Series that appear or retire meanwhile are
   * reported or not as the walk finds them.
   */
  reportRows(listeners: readonly IrListener[] | undefined): StatsRows {
    this.pending.apply();
    if (listeners === undefined) return { counters: this.counters.values(), histograms: this.histograms.values() };
    return { counters: this.configuredCounters(listeners), histograms: this.configuredHistograms(listeners) };
  }

  private *configuredCounters(listeners: readonly IrListener[]): Generator<RequestCounter> {
    yield this.reported('\u0000\u0000', '', '', '');
    for (const listener of listeners) {
      const l = listener.name;
      yield this.reported(`${l}\u0000\u0000`, l, '', '');
      for (const rule of listener.rules) {
        const prefix = this.countersByRule.has(rule.id) ? `${l}\u0000${rule.id}\u0000` : '';
        const backends = rule.backends;
        for (let i = 0; i < backends.length; i++) {
          const name = backendSeriesName(backends[i] as IrBackend);
          // Two backendRefs to one Service share its counter: one row.
          if (!namedBefore(backends, i, name)) yield this.reported(prefix + name, l, rule.id, name);
        }
        yield this.reported(prefix, l, rule.id, '');
      }
    }
    yield* this.retireCounters(listeners);
  }

  private *configuredHistograms(listeners: readonly IrListener[]): Generator<LatencyHistogram> {
    const ids = new Set<string>();
    for (const listener of listeners) {
      for (const rule of listener.rules) {
        if (ids.has(rule.id)) continue;
        ids.add(rule.id);
        const h = this.histograms.get(rule.id);
        if (h !== undefined) this.retired.delete(h);
        yield h ?? { rule: rule.id, buckets: ZERO_BUCKETS, sum: 0, count: 0 };
      }
    }
    yield* this.retireHistograms(listeners);
  }

  /** The counter a configured row reports: the series, no longer retired, or zeros when it never counted. */
  private reported(key: string, listener: string, rule: string, backend: string): RequestCounter {
    const c = this.countersByRule.has(rule) ? this.counters.get(key) : undefined;
    if (c === undefined) return { listener, rule, backend, byClass: ZERO_CLASSES };
    this.retired.delete(c);
    return c;
  }

  private grew(): void {
    if (this.size < this.checkAt) return;
    const listeners = this.configured?.();
    if (listeners !== undefined) {
      runToEnd(this.retireCounters(listeners));
      runToEnd(this.retireHistograms(listeners));
    }
    this.checkAt = Math.max(MIN_CHECK_AT, 2 * this.size);
  }

  /**
   * Marks counters the config no longer names as retired and drops those retired long enough,
   * yielding each retired one (what a report lists after the configured rows; a dropped one
   * for the last time).
   */
  private *retireCounters(listeners: readonly IrListener[]): Generator<RequestCounter> {
    const now = this.clock();
    const byName = new Map<string, IrListener>();
    for (const l of listeners) byName.set(l.name, l);
    for (const [key, c] of this.counters) {
      if (isConfigured(c, byName)) {
        this.retired.delete(c);
        continue;
      }
      yield c; // reported one last time when it expires now
      if (!this.expired(c, now)) continue;
      this.counters.delete(key);
      this.cells.release(c);
      const n = this.countersByRule.get(c.rule) ?? 1;
      if (n <= 1) this.countersByRule.delete(c.rule);
      else this.countersByRule.set(c.rule, n - 1);
    }
  }

  /** retireCounters for histograms. */
  private *retireHistograms(listeners: readonly IrListener[]): Generator<LatencyHistogram> {
    const now = this.clock();
    for (const [id, h] of this.histograms) {
      if (listeners.some((l) => findListenerRule(l, id) !== undefined)) {
        this.retired.delete(h);
        continue;
      }
      yield h;
      if (!this.expired(h, now)) continue;
      this.histograms.delete(id);
      this.cells.release(h);
    }
  }

  /** Whether a series the config no longer names has been retired for RETAIN_MS (retiring it now if it was not). */
  private expired(series: Series, now: number): boolean {
    const since = this.retired.get(series);
    if (since === undefined) {
      this.retired.set(series, now);
      return false;
    }
    if (now - since < RETAIN_MS) return false;
    this.retired.delete(series);
    return true;
  }
}

/** Whether a backend before `index` has the series name `name`. */
function namedBefore(backends: readonly IrBackend[], index: number, name: string): boolean {
  for (let j = 0; j < index; j++) if (backendSeriesName(backends[j] as IrBackend) === name) return true;
  return false;
}

/** Whether the config still names the counter's listener, rule and backend. */
function isConfigured(c: RequestCounter, byName: ReadonlyMap<string, IrListener>): boolean {
  if (c.listener === '') return true;
  const listener = byName.get(c.listener);
  if (listener === undefined) return false;
  if (c.rule === '') return true;
  const rule: IrRule | undefined = findListenerRule(listener, c.rule);
  if (rule === undefined) return false;
  return c.backend === '' || rule.backends.some((b) => backendSeriesName(b) === c.backend);
}

/** Counts a request of `status` (its class; 0 for anything outside 1xx-5xx). Hot path: two cache lines. */
export function countStatus(counter: CounterSeries, status: number): void {
  const cls = (status / 100) | 0;
  counter.cells[counter.at + (cls >= 1 && cls <= 5 ? cls : 0)]! += 1;
}

/** Observes a latency in ms. Hot path: the series and (for fast requests) the first cells of its block. */
export function observeLatency(histogram: HistogramSeries, ms: number): void {
  let i = 0;
  while (i < LATENCY_BUCKETS_MS.length && ms > (LATENCY_BUCKETS_MS[i] as number)) i++;
  const cells = histogram.cells;
  const at = histogram.at;
  cells[at + COUNT_CELL]! += 1;
  cells[at + SUM_CELL]! += ms;
  cells[at + FIRST_BUCKET_CELL + i]! += 1;
}
