import type Database from 'better-sqlite3';
import type { K8sObject } from '@/lib/k8s/object';
import type { StoredEntry } from '@/server/store/types';

/** A row of the `current` table. */
export interface CurrentRow {
  key: string;
  create_revision: number;
  mod_revision: number;
  value: string;
}

/** A `current` row as the store hands it out: parsed, and owned by the caller. */
export function currentRowToEntry(row: CurrentRow): StoredEntry {
  return { key: row.key, value: JSON.parse(row.value) as K8sObject, createRevision: row.create_revision, modRevision: row.mod_revision };
}

/** A history row joined with the value it replaced. */
export interface HistoryEventRow {
  revision: number;
  key: string;
  deleted: 0 | 1;
  value: string;
  prev_value: string | null;
}

/** A row of a list at an older revision: the newest history row of a key at or below it. */
export interface HistoryStateRow {
  key: string;
  revision: number;
  create_revision: number;
  value: string;
}

/**
 * Every statement the store runs, prepared once per connection. Range scans take
 * `(lower, upper, after)` so one statement serves prefixes and pagination; `LIMIT -1` is no limit.
 */
export function prepareStatements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT txn'),
    release: db.prepare('RELEASE txn'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO txn'),

    readMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE name = ?'),
    writeMeta: db.prepare<[number, string]>('UPDATE meta SET value = ? WHERE name = ?'),
    maxHistoryRevision: db.prepare<[], { revision: number | null }>('SELECT max(revision) AS revision FROM history'),

    getCurrent: db.prepare<[string], CurrentRow>(
      'SELECT key, create_revision, mod_revision, value FROM current WHERE key = ?',
    ),
    upsertCurrent: db.prepare<[string, number, number, string]>(
      `INSERT INTO current (key, create_revision, mod_revision, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET mod_revision = excluded.mod_revision, value = excluded.value`,
    ),
    deleteCurrent: db.prepare<[string]>('DELETE FROM current WHERE key = ?'),
    listCurrent: db.prepare<[string, string | Uint8Array, string, number], CurrentRow>(
      `SELECT key, create_revision, mod_revision, value FROM current
       WHERE key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?`,
    ),

    insertHistory: db.prepare<[number, string, number, number, number | null, string]>(
      `INSERT INTO history (revision, key, deleted, create_revision, prev_revision, value)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    /**
     * Whether any key in the range changed after a revision (then the current table cannot answer
     * for it). The unary plus keeps SQLite on the revision (rowid) range: pages of a paginated
     * list usually trail the current revision by few changes, while a prefix can hold many keys.
     */
    changedSince: db.prepare<[number, string, string | Uint8Array], { changed: 0 | 1 }>(
      `SELECT EXISTS (SELECT 1 FROM history WHERE revision > ? AND +key >= ? AND +key < ?) AS changed`,
    ),
    /**
     * The state of a range as of a revision: the newest row of each key at or below it, unless
     * that row is a delete. Walks the (key, revision) index in key order, so LIMIT stops early.
     */
    listAtRevision: db.prepare<[string, string | Uint8Array, string, number, number], HistoryStateRow>(
      `SELECT h.key, h.revision, h.create_revision, h.value FROM history h
       WHERE h.key >= ? AND h.key < ? AND h.key > ? AND h.deleted = 0
         AND h.revision = (SELECT max(x.revision) FROM history x WHERE x.key = h.key AND x.revision <= ?)
       ORDER BY h.key LIMIT ?`,
    ),
    /** Changes in a range within (from, to], oldest first, with the values they replaced. */
    eventsBetween: db.prepare<[number, number, string, string | Uint8Array], HistoryEventRow>(
      `SELECT h.revision, h.key, h.deleted, h.value, p.value AS prev_value
       FROM history h LEFT JOIN history p ON p.revision = h.prev_revision
       WHERE h.revision > ? AND h.revision <= ? AND h.key >= ? AND h.key < ?
       ORDER BY h.revision`,
    ),
    /**
     * Compaction of (from, to]: drops tombstones in the window and every row superseded by a row
     * in it (exactly the rows named by `prev_revision`, since a change of a live key points at
     * the put it replaced). The newest put of each key at or below `to` survives, so the state at
     * `to` stays readable and later events keep their `prevValue`.
     */
    compactWindow: db.prepare<[number, number, number, number]>(
      `DELETE FROM history WHERE revision IN (
         SELECT prev_revision FROM history WHERE revision > ? AND revision <= ? AND prev_revision IS NOT NULL
         UNION ALL
         SELECT revision FROM history WHERE revision > ? AND revision <= ? AND deleted = 1
       )`,
    ),
  };
}

export type StoreStatements = ReturnType<typeof prepareStatements>;
