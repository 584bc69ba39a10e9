import type Database from 'better-sqlite3';
import { StoreOpenError } from '@/server/store/store-errors';

/** `PRAGMA application_id` of a Portico store ("PRTC"): tells our files from other SQLite databases. */
export const PORTICO_APPLICATION_ID = 0x50525443;

/**
 * Schema migrations; migration i takes `PRAGMA user_version` from i to i + 1. Append only: a
 * released migration never changes, so every database converges to the same schema.
 *
 * - `meta`: named integers: `revision` (the newest committed revision, kept even when history
 *   no longer holds it so revisions are never reused) and `compacted`.
 * - `current`: the newest state of every live key (denormalised for fast reads and lists).
 * - `history`: one row per change (the MVCC log). `deleted` rows carry the last state of the
 *   object stamped with the delete's revision. `prev_revision` is the put this change replaced
 *   (NULL when the key did not exist), which gives watch replays their `prevValue` and lets
 *   compaction find superseded rows without scanning.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO meta (name, value) VALUES ('revision', 0), ('compacted', 0);

  CREATE TABLE current (
    key TEXT PRIMARY KEY NOT NULL,
    create_revision INTEGER NOT NULL,
    mod_revision INTEGER NOT NULL,
    value TEXT NOT NULL
  );

  CREATE TABLE history (
    revision INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    deleted INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision INTEGER,
    value TEXT NOT NULL
  );
  CREATE INDEX history_by_key ON history (key, revision);
  `,
];

/** Brings an empty or older Portico database to the current schema; refuses foreign or newer files. */
export function migrateSchema(db: Database.Database, path: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const tableCount = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number }).n;

  if (applicationId !== PORTICO_APPLICATION_ID && (applicationId !== 0 || tableCount > 0)) {
    throw new StoreOpenError(
      'STORE_FOREIGN',
      `${path} is a SQLite database of another application (application_id ${applicationId}); ` +
        'point the data directory at a Portico store or an empty directory',
    );
  }
  if (version > MIGRATIONS.length) {
    throw new StoreOpenError(
      'STORE_TOO_NEW',
      `${path} has store schema version ${version}, this Portico knows up to ${MIGRATIONS.length}; ` +
        'run a newer Portico or restore a backup',
    );
  }
  if (version === MIGRATIONS.length) return;

  db.transaction(() => {
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] as string);
    db.pragma(`application_id = ${PORTICO_APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
