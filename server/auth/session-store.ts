import type { AuthDatabase } from '@/server/auth/auth-database';
import { generateSecret, hashSecret } from '@/server/auth/secrets';
import { parseGroups, userInfo } from '@/server/auth/user-store';
import type { UserInfo } from '@/server/auth/types';

/** ASVS 3.3.2 (L2): re-authenticate after 30 minutes idle or 12 hours in all. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** Activity is written at most this often, so a busy console does not write on every request. */
const TOUCH_INTERVAL_MS = 15 * 1000;

export interface CreatedSession {
  /** The raw session id: goes into the cookie, never into the database. */
  id: string;
  expiresAt: number;
}

/**
 * Server-side sessions. The id is 256 random bits and only its SHA-256 is stored, so a copy of
 * the database cannot be used to hijack sessions.
 */
export class SessionStore {
  private readonly insert;
  private readonly select;
  private readonly touch;
  private readonly remove;
  private readonly purge;

  constructor(
    db: AuthDatabase,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare('INSERT INTO sessions (id_hash, username, created_at, last_seen_at) VALUES (?, ?, ?, ?)');
    this.select = db.prepare(
      `SELECT s.username, s.created_at, s.last_seen_at, u.groups_json
         FROM sessions s JOIN users u ON u.username = s.username WHERE s.id_hash = ?`,
    );
    this.touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
    this.remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
    this.purge = db.prepare('DELETE FROM sessions WHERE created_at <= ? OR last_seen_at <= ?');
  }

  create(username: string): CreatedSession {
    const now = this.now();
    this.purge.run(now - SESSION_ABSOLUTE_TIMEOUT_MS, now - SESSION_IDLE_TIMEOUT_MS);
    const id = generateSecret();
    this.insert.run(hashSecret(id), username, now, now);
    return { id, expiresAt: now + SESSION_ABSOLUTE_TIMEOUT_MS };
  }

  /** The session's user if the id is live; expired sessions are deleted on sight. */
  lookup(id: string): UserInfo | undefined {
    const idHash = hashSecret(id);
    const row = this.select.get(idHash) as SessionRow | undefined;
    if (!row) return undefined;
    const now = this.now();
    if (now - row.created_at >= SESSION_ABSOLUTE_TIMEOUT_MS || now - row.last_seen_at >= SESSION_IDLE_TIMEOUT_MS) {
      this.remove.run(idHash);
      return undefined;
    }
    if (now - row.last_seen_at >= TOUCH_INTERVAL_MS) this.touch.run(now, idHash);
    return userInfo({ username: row.username, groups: parseGroups(row.groups_json) });
  }

  /** Logout: the id stops working immediately, whoever holds it. */
  delete(id: string): void {
    this.remove.run(hashSecret(id));
  }
}

interface SessionRow {
  username: string;
  created_at: number;
  last_seen_at: number;
  groups_json: string;
}
