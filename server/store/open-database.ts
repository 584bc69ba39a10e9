import Database from 'better-sqlite3';
import { migrateSchema } from '@/server/store/schema-migrations';
import { StoreOpenError } from '@/server/store/store-errors';

/**
 * FULL: a write is acknowledged once it is on disk (the WAL fsync runs off the event loop, see
 * wal-sync.ts). NORMAL: acknowledged after COMMIT, which survives a crash of the process but
 * not of the machine (throwaway stores, tests). SQLite itself runs with `synchronous = NORMAL`
 * in both: in WAL mode that still syncs around checkpoints, never inside a plain COMMIT.
 */
export type SynchronousMode = 'FULL' | 'NORMAL';

/** How long opening waits for another process to release the store before giving up. */
const LOCK_WAIT_MS = 2_000;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens (creating if needed) the store database at `path`, checks that it is an intact Portico
 * store and migrates it. The connection holds an exclusive lock until closed: the in-process
 * revision counter and watch fan-out are only correct with a single writer process.
 */
export function openDatabase(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: LOCK_WAIT_MS });
  } catch (error) {
    throw new StoreOpenError('STORE_OPEN_FAILED', `cannot open store database ${path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  try {
    configure(db, path);
    checkIntegrity(db, path);
    migrateSchema(db, path);
    return db;
  } catch (error) {
    db.close();
    throw toOpenError(error, path);
  }
}

function configure(db: Database.Database, path: string): void {
  // Exclusive locking before the first WAL access keeps the WAL index in heap memory (no -shm
  // file) and lets the first write take a lock held until close.
  db.pragma('locking_mode = EXCLUSIVE');
  const journalMode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  if (journalMode !== 'wal' && path !== ':memory:') {
    throw new StoreOpenError('STORE_OPEN_FAILED', `${path}: SQLite refused WAL journaling (got ${journalMode})`);
  }
  db.pragma('synchronous = NORMAL');
  // After a checkpoint resets the WAL, truncate it back to this size so one burst does not
  // leave a huge file behind.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // Take the exclusive lock now so a second process fails at open with a clear error instead of
  // at its first write.
  db.exec('BEGIN EXCLUSIVE; COMMIT');
}

function checkIntegrity(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(5)') as Array<{ quick_check: string }>;
  const problems = rows.map((row) => row.quick_check).filter((result) => result !== 'ok');
  if (problems.length > 0) {
    throw new StoreOpenError(
      'STORE_CORRUPT',
      `${path} is damaged (${problems.join('; ')}); restore it from a backup or move it away to start empty`,
    );
  }
}

function toOpenError(error: unknown, path: string): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreOpenError(
      'STORE_CORRUPT',
      `${path} is not a Portico store or is damaged (${messageOf(error)}); ` +
        'point the data directory elsewhere, or move the file away to start empty',
      { cause: error },
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreOpenError(
      'STORE_LOCKED',
      `${path} is in use by another process; stop the other Portico or use another data directory`,
      { cause: error },
    );
  }
  return new StoreOpenError('STORE_OPEN_FAILED', `cannot open store database ${path}: ${messageOf(error)}`, {
    cause: error,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
