import { BatchTxn, type BatchState } from '@/server/store/batch-txn';
import type { ChangeRecord } from '@/server/store/change-record';
import { StoreDurabilityError } from '@/server/store/store-errors';
import type { StoreStatements } from '@/server/store/store-statements';
import type { Revision, StoreTxn } from '@/server/store/types';

interface QueuedWrite {
  fn: (txn: StoreTxn) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommitHooks {
  /** The newest committed revision (the batch allocates after it). */
  committedRevision(): Revision;
  /** Runs after COMMIT returned, before any promise settles: publish state and fan out. */
  onCommitted(revision: Revision, changes: readonly ChangeRecord[]): void;
  /**
   * Resolves once the commit is on disk (wal-sync.ts); promises settle only then. Absent: they
   * settle right after COMMIT (SQLite synced inside it, or durability was not asked for).
   */
  durable?(): Promise<void>;
}

/**
 * Group commit: `transact` calls made before the next check phase of the event loop are run in
 * one SQLite transaction, each callback inside its own SAVEPOINT, so a throwing callback rolls
 * back only its own writes and rejects only its own promise, while the batch shares a single
 * COMMIT (and a single fsync). Watchers hear of a batch right after its COMMIT; promises settle
 * only once it is durable, so an acknowledged write is on disk. setImmediate (rather than a microtask) lets every request parsed in one
 * poll phase join the batch.
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(
    private readonly statements: StoreStatements,
    private readonly hooks: GroupCommitHooks,
    private readonly maxBatchSize: number,
  ) {}

  enqueue<T>(fn: (txn: StoreTxn) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushScheduled());
      }
    });
  }

  /** True while a batch's callbacks run (its transaction is open). */
  get inTransaction(): boolean {
    return this.flushing;
  }

  /** Commits everything queued now (used by close), batch by batch. */
  flushAll(): void {
    while (this.queue.length > 0) this.flushBatch();
  }

  /** Rejects everything still queued (the store closed underneath it). */
  rejectAll(error: unknown): void {
    const queued = this.queue;
    this.queue = [];
    for (const write of queued) write.reject(error);
  }

  private flushScheduled(): void {
    this.scheduled = false;
    this.flushBatch();
    if (this.queue.length > 0 && !this.scheduled) {
      // Bounded batches keep one commit from holding the event loop for long.
      this.scheduled = true;
      setImmediate(() => this.flushScheduled());
    }
  }

  private flushBatch(): void {
    const writes = this.queue.splice(0, this.maxBatchSize);
    if (writes.length === 0) return;
    const startRevision = this.hooks.committedRevision();
    const batch: BatchState = { revision: startRevision, changes: [] };
    const outcomes: Outcome[] = [];

    this.flushing = true;
    try {
      this.statements.begin.run();
      for (const write of writes) outcomes.push(this.runInSavepoint(write, batch));
      if (batch.revision !== startRevision) this.statements.writeMeta.run(batch.revision, 'revision');
      this.statements.commit.run();
    } catch (error) {
      // COMMIT (or SQLite itself) failed: nothing of the batch is kept and every caller hears why.
      this.flushing = false;
      this.rollbackQuietly();
      for (const write of writes) write.reject(error);
      return;
    }
    this.flushing = false;

    try {
      this.hooks.onCommitted(batch.revision, batch.changes);
    } finally {
      // The batch is committed whatever happened after COMMIT: its callers hear their outcomes once it is durable.
      const durable = batch.revision === startRevision ? undefined : this.hooks.durable?.();
      if (durable === undefined) settle(writes, outcomes, undefined);
      else durable.then(
        () => settle(writes, outcomes, undefined),
        (error: unknown) => settle(writes, outcomes, new StoreDurabilityError(error)),
      );
    }
  }

  private runInSavepoint(write: QueuedWrite, batch: BatchState): Outcome {
    const mark = { revision: batch.revision, changes: batch.changes.length };
    const txn = new BatchTxn(this.statements, batch);
    this.statements.savepoint.run();
    try {
      const value = write.fn(txn);
      if (isThenable(value)) {
        // Its eventual rejection has nowhere to go; keep it from crashing the process.
        (value as PromiseLike<unknown>).then(undefined, () => undefined);
        throw new TypeError('transact() callbacks must be synchronous; do async work before or after the transaction');
      }
      this.statements.release.run();
      return { ok: true, value };
    } catch (error) {
      // Failing to roll back the savepoint (SQLite already aborted the transaction) escapes to
      // flushBatch, which fails the whole batch.
      this.statements.rollbackToSavepoint.run();
      this.statements.release.run();
      // The rolled-back revisions were never visible to anyone, so the next callback reuses them.
      batch.revision = mark.revision;
      batch.changes.length = mark.changes;
      return { ok: false, error };
    } finally {
      txn.close();
    }
  }

  private rollbackQuietly(): void {
    try {
      this.statements.rollback.run();
    } catch {
      // No transaction was open (BEGIN failed or SQLite already rolled back).
    }
  }
}

/** Settles each write with its outcome; a durability failure fails the writes that succeeded. */
function settle(writes: readonly QueuedWrite[], outcomes: readonly Outcome[], notDurable: StoreDurabilityError | undefined): void {
  outcomes.forEach((outcome, i) => {
    const write = writes[i] as QueuedWrite;
    if (!outcome.ok) write.reject(outcome.error);
    else if (notDurable !== undefined) write.reject(notDurable);
    else write.resolve(outcome.value);
  });
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
