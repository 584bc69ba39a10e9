/**
 * Turns a stream of "something changed" marks into reconciles. The first mark after a quiet
 * period (nothing marked or run for `quietMs`) runs at once (on the next macrotask, so marks made
 * in the same tick join it): a lone change, the usual case, does not wait for a debounce. Marks
 * that follow closely run after the changes go quiet (`quietMs` after the last mark) but never
 * later than `maxDelayMs` after the first, so a burst is coalesced and a steady trickle of
 * events cannot starve it. Never two runs at once: marks during a run coalesce into
 * one more run afterwards, which reads the latest state. A run that throws is retried with
 * exponential backoff; new marks do not cut a backoff short.
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
  /** Run the first mark after a quiet period at once (default); false: always wait `quietMs`. */
  leadingEdge?: boolean;
}

export const DEFAULT_SCHEDULE = { quietMs: 30, maxDelayMs: 250, retryBaseMs: 100, retryMaxMs: 10_000, leadingEdge: true } as const;

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
  /** The pending run was marked after a quiet period: it runs without a debounce. */
  private leading = false;
  /** When something was last marked, or a run last ended. */
  private lastActivityAt = Number.NEGATIVE_INFINITY;
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
      this.leading = this.leadingEdge && !this.running && now - this.lastActivityAt >= this.quietMs && this.notBefore <= now;
    }
    this.lastActivityAt = now;
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
    const debounce = this.leading ? 0 : Math.min(this.quietMs, Math.max(0, this.firstMarkAt + this.maxDelayMs - now));
    const delay = Math.max(debounce, this.notBefore - now);
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped || this.running || !this.dirty) return;
    this.dirty = false;
    this.leading = false;
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
    this.lastActivityAt = this.now();
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
