import { BatchTxn, type BatchState } from '@/server/store/batch-txn';
import type { ChangeRecord } from '@/server/store/change-record';
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
}

/**
 * Group commit: `transact` calls made before the next check phase of the event loop are run in
 * one SQLite transaction, each callback inside its own SAVEPOINT, so a throwing callback rolls
 * back only its own writes and rejects only its own promise, while the batch shares a single
 * COMMIT (and a single fsync). Promises settle only after COMMIT returned, so an acknowledged
 * write is on disk. setImmediate (rather than a microtask) lets every request parsed in one
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
      // The batch is durable whatever happened after COMMIT: its callers hear their outcomes.
      outcomes.forEach((outcome, i) => {
        const write = writes[i] as QueuedWrite;
        if (outcome.ok) write.resolve(outcome.value);
        else write.reject(outcome.error);
      });
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

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
