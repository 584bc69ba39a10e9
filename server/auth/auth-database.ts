import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type AuthDatabase = Database.Database;

/**
 * Opens (creating if needed) the local-user database `<dataDir>/auth.sqlite`. It is a separate
 * file from the object store so credentials never travel with a store backup or watch stream.
 * Times are integer milliseconds since the epoch (UTC).
 */
export function openAuthDatabase(dataDir: string): AuthDatabase {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'auth.sqlite');
  const db = new Database(file);
  // The file holds password hashes: readable by the owner only.
  fs.chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  // FULL: a token or password acknowledged to the user survives power loss; writes here are rare.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      username      TEXT PRIMARY KEY,
      password_hash TEXT NOT NULL,
      groups_json   TEXT NOT NULL,
      created_at    INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sessions (
      id_hash      TEXT PRIMARY KEY,
      username     TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
      created_at   INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions(username);
    CREATE INDEX IF NOT EXISTS sessions_by_age ON sessions(created_at);
    CREATE TABLE IF NOT EXISTS tokens (
      id         TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
      name       TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER
    );
    CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens(username);
  `);
  return db;
}
