import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReconcileScheduler } from '@/server/controller/reconcile-scheduler';

/** A run that the test finishes by hand, recording when each run started (fake ms). */
function controllableRun() {
  const starts: number[] = [];
  const pending: { resolve: () => void; reject: (err: Error) => void }[] = [];
  const run = () => {
    starts.push(Date.now());
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return {
    run,
    starts,
    finish: async () => {
      pending.shift()!.resolve();
      await vi.advanceTimersByTimeAsync(0);
    },
    fail: async () => {
      pending.shift()!.reject(new Error('boom'));
      await vi.advanceTimersByTimeAsync(0);
    },
    running: () => pending.length,
  };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReconcileScheduler', () => {
  it('without a leading edge: runs once, quietMs after the last of a burst of marks', async () => {
    const r = controllableRun();
    const s = new ReconcileScheduler({ run: r.run, quietMs: 30, maxDelayMs: 250, leadingEdge: false });
    for (let i = 0; i < 5; i++) {
      s.markDirty();
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(r.starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(30);
    expect(r.starts).toEqual([70]);
    await r.finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.starts).toEqual([70]);
  });

  it('without a leading edge: runs no later than maxDelayMs after the first mark, however long the trickle lasts', async () => {
    const r = controllableRun();
    const s = new ReconcileScheduler({ run: r.run, quietMs: 30, maxDelayMs: 250, leadingEdge: false });
    for (let t = 0; t < 400; t += 20) {
      s.markDirty();
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(r.starts[0]).toBe(250);
  });

  it('runs marks at once, at most one run per quietMs, never two at once', async () => {
    const r = controllableRun();
    const s = new ReconcileScheduler({ run: r.run, quietMs: 30, maxDelayMs: 250 });
    // Idle since forever: the first mark runs on the next macrotask (marks in the same tick join it).
    s.markDirty();
    s.markDirty();
    expect(r.starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(r.starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(5);
    await r.finish();
    // A mark 5 ms after that run started waits until quietMs after the start; marks meanwhile join it.
    s.markDirty();
    await vi.advanceTimersByTimeAsync(10);
    s.markDirty();
    expect(r.starts).toEqual([0]);
    await vi.advanceTimersByTimeAsync(15);
    expect(r.starts).toEqual([0, 30]);
    // Marks during a long run: one more run as soon as it ends (more than quietMs after it started).
    s.markDirty();
    await vi.advanceTimersByTimeAsync(40);
    s.markDirty();
    expect(r.starts).toEqual([0, 30]);
    await r.finish();
    expect(r.starts).toEqual([0, 30, 70]);
    // Marks during a short run: the next starts quietMs after it did.
    s.markDirty();
    await vi.advanceTimersByTimeAsync(5);
    await r.finish();
    expect(r.starts).toEqual([0, 30, 70]);
    await vi.advanceTimersByTimeAsync(24);
    expect(r.starts).toEqual([0, 30, 70]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.starts).toEqual([0, 30, 70, 100]);
    await r.finish();
    // Idle, and the last run started quietMs ago or more: a lone change runs at once.
    await vi.advanceTimersByTimeAsync(40);
    s.markDirty();
    await vi.advanceTimersByTimeAsync(0);
    expect(r.starts).toEqual([0, 30, 70, 100, 140]);
    await r.finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.starts).toHaveLength(5);
  });

  it('never runs twice at once and coalesces marks made during a run into one more run', async () => {
    const r = controllableRun();
    const s = new ReconcileScheduler({ run: r.run, quietMs: 30, maxDelayMs: 250 });
    s.markDirty();
    await vi.advanceTimersByTimeAsync(30);
    expect(r.running()).toBe(1);
    for (let i = 0; i < 10; i++) {
      s.markDirty();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(r.running()).toBe(1);
    expect(r.starts).toHaveLength(1);
    await r.finish();
    // The marks are older than maxDelayMs: the follow-up runs at once.
    await vi.advanceTimersByTimeAsync(0);
    expect(r.starts).toHaveLength(2);
    await r.finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.starts).toHaveLength(2);
  });

  it('retries a failed run with exponential backoff that new marks do not cut short, then resets', async () => {
    const r = controllableRun();
    const errors: [number, number][] = [];
    const s = new ReconcileScheduler({
      run: r.run,
      quietMs: 30,
      maxDelayMs: 250,
      leadingEdge: false,
      retryBaseMs: 100,
      retryMaxMs: 400,
      onError: (_err, failures, retryInMs) => errors.push([failures, retryInMs]),
    });
    s.markDirty();
    await vi.advanceTimersByTimeAsync(30);
    await r.fail(); // at 30: retry at 130
    s.markDirty();
    await vi.advanceTimersByTimeAsync(99);
    expect(r.starts).toEqual([30]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.starts).toEqual([30, 130]);
    await r.fail(); // retry in 200
    await vi.advanceTimersByTimeAsync(200);
    await r.fail(); // retry in 400
    await vi.advanceTimersByTimeAsync(400);
    await r.fail(); // capped at 400
    await vi.advanceTimersByTimeAsync(400);
    expect(errors).toEqual([
      [1, 100],
      [2, 200],
      [3, 400],
      [4, 400],
    ]);
    await r.finish();
    expect(r.starts).toEqual([30, 130, 330, 730, 1130]);
    s.markDirty();
    await vi.advanceTimersByTimeAsync(30);
    expect(r.starts).toEqual([30, 130, 330, 730, 1130, 1160]);
    await r.finish();
  });

  it('idle() waits for pending and running work; stop() cancels what is pending', async () => {
    const r = controllableRun();
    const s = new ReconcileScheduler({ run: r.run, quietMs: 30, maxDelayMs: 250 });
    await expect(s.idle()).resolves.toBeUndefined();
    s.markDirty();
    let idle = false;
    void s.idle().then(() => {
      idle = true;
    });
    await vi.advanceTimersByTimeAsync(30);
    expect(idle).toBe(false);
    await r.finish();
    expect(idle).toBe(true);

    s.markDirty();
    await s.stop();
    s.markDirty();
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.starts).toHaveLength(1);
  });
});
