import { GroupCommit } from '@/server/store/group-commit';
import { readChanges, readList } from '@/server/store/history-reads';
import { HistoryCompactor } from '@/server/store/history-compactor';
import { openDatabase, type SynchronousMode } from '@/server/store/open-database';
import { WalSync } from '@/server/store/wal-sync';
import { RevisionClock } from '@/server/store/revision-clock';
import { StoreClosedError, StoreFutureRevisionError } from '@/server/store/store-errors';
import { currentRowToEntry, prepareStatements } from '@/server/store/store-statements';
import {
  StoreExpiredError,
  type ListOptions,
  type ListResult,
  type Revision,
  type Store,
  type StoredEntry,
  type StoreEvent,
  type StoreTxn,
  type WatchHandle,
} from '@/server/store/types';
import { WatchHub, type WatchErrorHandler } from '@/server/store/watch-hub';

export interface SqliteStoreOptions {
  /** The database file (created if missing). */
  path: string;
  /** Automatic compaction keeps at least this many newest revisions of history (default 10,000; 0 = off). */
  compactAfterRevisions?: number;
  /** ...and at least the history of this many recent milliseconds (default 5 minutes; 0 = count only)... */
  keepHistoryMs?: number;
  /** ...but at most this many revisions whatever their age (default 10 x compactAfterRevisions). */
  maxHistoryRevisions?: number;
  /** How often automatic compaction looks for work besides after commits (default 60 s). */
  compactIntervalMs?: number;
  /**
   * Durability (default FULL): FULL acknowledges a write once an fsync of the WAL that started
   * after its COMMIT returned, on the thread pool, shared by every commit waiting for it
   * (wal-sync.ts); NORMAL acknowledges after COMMIT (survives kill -9, not power loss; for
   * throwaway stores). Measured before the fsync left the event loop (bench/store-bench.ts on
   * the development VM: ext4, 2 shared vCPUs, ~1 KB HTTPRoutes): SQLite FULL ~6,200 creates/s
   * one at a time and ~26,600/s with 64 concurrent writers; NORMAL ~12,300/s and ~28,900/s;
   * but each FULL commit held the event loop for its fsync, whose tail on this disk reached
   * 68-191 ms (p99) and 0.7 s, stalling every request and watch behind it.
   */
  synchronous?: SynchronousMode;
  /** At most this many transact() callbacks share one commit (default 1,000). */
  maxBatchSize?: number;
  /** A watcher callback threw (default: a process warning). The watcher keeps receiving events. */
  onWatchError?: WatchErrorHandler;
  /** Automatic compaction failed (default: a process warning); it retries on the next trigger. */
  onCompactionError?: (error: unknown) => void;
  /** The clock for the history time window (tests). */
  now?: () => number;
}

const DEFAULT_KEEP_REVISIONS = 10_000;
const DEFAULT_KEEP_HISTORY_MS = 5 * 60_000;
const DEFAULT_COMPACT_INTERVAL_MS = 60_000;
const DEFAULT_MAX_BATCH_SIZE = 1_000;

/**
 * Opens the embedded store: an etcd-like revisioned key-value store over SQLite (WAL, one
 * exclusive connection). Writes are group-committed; watchers get changes right after COMMIT.
 * Throws StoreOpenError when the file cannot be used.
 */
export function openStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.path);
  const walSync = (options.synchronous ?? 'FULL') === 'FULL' && options.path !== ':memory:' ? new WalSync(`${options.path}-wal`) : undefined;
  const statements = prepareStatements(db);
  const readMeta = (name: string) => statements.readMeta.get(name)?.value ?? 0;
  // The meta row is authoritative; history can only disagree if the file was edited by hand.
  let revision = Math.max(readMeta('revision'), statements.maxHistoryRevision.get()?.revision ?? 0);
  let compacted = readMeta('compacted');
  let closed = false;

  const watchHub = new WatchHub(options.onWatchError ?? warnWatchError);
  const groupCommit: GroupCommit = new GroupCommit(
    statements,
    {
      committedRevision: () => revision,
      onCommitted: (committed, changes) => {
        revision = committed;
        compactor.noteCommit(committed);
        watchHub.publish(changes);
      },
      durable: walSync === undefined ? undefined : () => walSync.durable(),
    },
    options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
  );
  const keepRevisions = options.compactAfterRevisions ?? DEFAULT_KEEP_REVISIONS;
  const compactor: HistoryCompactor = new HistoryCompactor(
    statements,
    {
      keepRevisions,
      maxRevisions: Math.max(keepRevisions, options.maxHistoryRevisions ?? keepRevisions * 10),
      keepMs: options.keepHistoryMs ?? DEFAULT_KEEP_HISTORY_MS,
      intervalMs: options.compactIntervalMs ?? DEFAULT_COMPACT_INTERVAL_MS,
    },
    new RevisionClock(options.now ?? Date.now, revision),
    {
      committedRevision: () => revision,
      compactedRevision: () => compacted,
      setCompactedRevision: (value) => {
        compacted = value;
      },
      canCompact: () => !closed && !groupCommit.inTransaction,
      onError: options.onCompactionError ?? warnCompactionError,
    },
  );

  const assertOpen = () => {
    if (closed) throw new StoreClosedError();
  };
  const assertReadable = (requested: Revision) => {
    if (requested < compacted) throw new StoreExpiredError(requested, compacted);
    if (requested > revision) throw new StoreFutureRevisionError(requested, revision);
  };

  return {
    currentRevision: () => revision,
    compactedRevision: () => compacted,

    get(key: string): StoredEntry | undefined {
      assertOpen();
      const row = statements.getCurrent.get(key);
      return row === undefined ? undefined : currentRowToEntry(row);
    },

    list(prefix: string, listOptions: ListOptions = {}): ListResult {
      assertOpen();
      const at = listOptions.revision ?? revision;
      assertReadable(at);
      return readList(statements, { prefix, startAfter: listOptions.startAfter, limit: listOptions.limit }, at, revision);
    },

    transact<T>(fn: (txn: StoreTxn) => T): Promise<T> {
      if (closed) return Promise.reject(new StoreClosedError());
      return groupCommit.enqueue(fn);
    },

    watch(prefix: string, fromRevision: Revision, onEvent: (event: StoreEvent) => void): WatchHandle {
      assertOpen();
      if (fromRevision < compacted) throw new StoreExpiredError(fromRevision, compacted);
      // Reading the replay and registering happen in one synchronous step: no commit can land
      // between them, so the replay ends exactly where live delivery starts.
      const replay = readChanges(statements, prefix, fromRevision, revision);
      return watchHub.add(prefix, replay, Math.max(fromRevision, revision), onEvent);
    },

    compact(target: Revision): void {
      assertOpen();
      if (groupCommit.inTransaction) throw new Error('compact() cannot run inside a transact() callback');
      compactor.compactTo(target);
    },

    close(): void {
      if (closed) return;
      if (groupCommit.inTransaction) throw new Error('close() cannot run inside a transact() callback');
      // Writes already queued were promised a commit; honour them before closing.
      try {
        groupCommit.flushAll();
      } finally {
        closed = true;
        compactor.stop();
        watchHub.stopAll();
        groupCommit.rejectAll(new StoreClosedError());
        // Commits still waiting for their fsync get it now, before the file closes.
        walSync?.close();
        db.close();
      }
    },
  };
}

function warnWatchError(error: unknown, event: StoreEvent): void {
  process.emitWarning(`store watcher failed on ${event.type} ${event.key}@${event.revision}: ${String(error)}`, {
    code: 'PORTICO_STORE_WATCHER_FAILED',
  });
}

function warnCompactionError(error: unknown): void {
  process.emitWarning(`store compaction failed: ${String(error)}`, { code: 'PORTICO_STORE_COMPACTION_FAILED' });
}
