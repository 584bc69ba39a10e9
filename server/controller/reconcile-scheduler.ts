/**
 * Turns a stream of "something changed" marks into reconciles. A mark starts a run at once (on
 * the next macrotask, so marks made in the same tick join it), or `quietMs` after the last run
 * started if that was more recent, or right after the run in progress ends: a lone change, the
 * usual case, waits for no debounce, and runs start at most once per `quietMs`. Marks made
 * while a run is pending or running join the next one, which reads the latest state, so a burst
 * is coalesced into as many runs as its length allows and cannot starve them. Never two runs at
 * once. A run that throws is retried with exponential backoff; new marks do not cut a backoff
 * short. With `leadingEdge: false`, a run waits until the marks go quiet (`quietMs` after the
 * last) but no longer than `maxDelayMs` after the first.
 */

export interface ReconcileSchedulerOptions {
  run: () => Promise<void>;
  quietMs?: number;
  maxDelayMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Told about every failed run, with the delay before the retry. */
  onError?: (err: unknown, failures: number, retryInMs: number) => void;
  /** Milliseconds; injectable for tests (vitest's fake timers also fake Date.now). */
  now?: () => number;
  /** Run marks at once, at most one run per quietMs (default); false: wait until they go quiet. */
  leadingEdge?: boolean;
}

export const DEFAULT_SCHEDULE = { quietMs: 10, maxDelayMs: 250, retryBaseMs: 100, retryMaxMs: 10_000, leadingEdge: true } as const;

export class ReconcileScheduler {
  private readonly run: () => Promise<void>;
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly onError: ReconcileSchedulerOptions['onError'];
  private readonly now: () => number;
  private readonly leadingEdge: boolean;
  private dirty = false;
  /** The pending run is rate-limited, not debounced (leadingEdge, and no retry backoff pending). */
  private leading = false;
  private lastRunStartedAt = Number.NEGATIVE_INFINITY;
  private firstMarkAt = 0;
  private notBefore = 0;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: ReconcileSchedulerOptions) {
    this.run = options.run;
    this.quietMs = options.quietMs ?? DEFAULT_SCHEDULE.quietMs;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_SCHEDULE.maxDelayMs;
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_SCHEDULE.retryBaseMs;
    this.retryMaxMs = options.retryMaxMs ?? DEFAULT_SCHEDULE.retryMaxMs;
    this.onError = options.onError;
    this.now = options.now ?? Date.now;
    this.leadingEdge = options.leadingEdge ?? DEFAULT_SCHEDULE.leadingEdge;
  }

  /** Something changed: reconcile soon. */
  markDirty(): void {
    if (this.stopped) return;
    const now = this.now();
    if (!this.dirty) {
      this.dirty = true;
      this.firstMarkAt = now;
      this.leading = this.leadingEdge && this.notBefore <= now;
    }
    if (!this.running) this.arm();
  }

  /** Resolves when nothing is pending or running (tests and shutdown). */
  idle(): Promise<void> {
    if (!this.dirty && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels pending runs and waits for a running one to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.dirty = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.settleIdle();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const now = this.now();
    const debounce = this.leading
      ? Math.max(0, this.lastRunStartedAt + this.quietMs - now)
      : Math.min(this.quietMs, Math.max(0, this.firstMarkAt + this.maxDelayMs - now));
    const delay = Math.max(debounce, this.notBefore - now);
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped || this.running || !this.dirty) return;
    this.dirty = false;
    this.leading = false;
    this.lastRunStartedAt = this.now();
    this.running = this.execute();
  }

  private async execute(): Promise<void> {
    try {
      await this.run();
      this.failures = 0;
      this.notBefore = 0;
    } catch (err) {
      this.failures++;
      const retryInMs = Math.min(this.retryBaseMs * 2 ** (this.failures - 1), this.retryMaxMs);
      this.notBefore = this.now() + retryInMs;
      if (!this.dirty) {
        this.dirty = true;
        this.firstMarkAt = this.now();
      }
      this.onError?.(err, this.failures, retryInMs);
    }
    this.running = undefined;
    if (this.stopped) return;
    if (this.dirty) this.arm();
    else this.settleIdle();
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
