import type { AuthDatabase } from '@/server/auth/auth-database';
import { AuthError } from '@/server/auth/auth-error';
import { generatePublicId, generateSecret, hashSecret } from '@/server/auth/secrets';
import { parseGroups, userInfo } from '@/server/auth/user-store';
import type { UserInfo } from '@/server/auth/types';

/** Bearer tokens start with this, so secret scanners and humans recognise a leaked one. */
export const TOKEN_PREFIX = 'portico_';

export interface TokenInfo {
  id: string;
  name: string;
  username: string;
  createdAt: string;
  expiresAt?: string;
}

export interface CreatedToken extends TokenInfo {
  /** The secret: returned once at creation, stored only as its SHA-256. */
  token: string;
}

/** Bearer tokens acting as a local user (kubectl, scripts); revocable, optionally expiring. */
export class TokenStore {
  private readonly insert;
  private readonly selectByHash;
  private readonly selectByUser;
  private readonly remove;
  private readonly removeExpired;

  constructor(
    db: AuthDatabase,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      'INSERT INTO tokens (id, token_hash, username, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectByHash = db.prepare(
      `SELECT t.id, t.username, t.expires_at, u.groups_json
         FROM tokens t JOIN users u ON u.username = t.username WHERE t.token_hash = ?`,
    );
    this.selectByUser = db.prepare(
      'SELECT id, username, name, created_at, expires_at FROM tokens WHERE username = ? ORDER BY created_at, id',
    );
    this.remove = db.prepare('DELETE FROM tokens WHERE id = ? AND username = ?');
    this.removeExpired = db.prepare('DELETE FROM tokens WHERE id = ?');
  }

  create(username: string, name: string, expiresInSeconds?: number): CreatedToken {
    if (name.trim() === '' || name.length > 100) throw new AuthError('INVALID_TOKEN_REQUEST', 'token name must be 1-100 characters');
    if (expiresInSeconds !== undefined && (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0)) {
      throw new AuthError('INVALID_TOKEN_REQUEST', 'expiresInSeconds must be a positive whole number');
    }
    const now = this.now();
    const token = generateSecret(TOKEN_PREFIX);
    const id = generatePublicId();
    const expiresAt = expiresInSeconds === undefined ? null : now + expiresInSeconds * 1000;
    try {
      this.insert.run(id, hashSecret(token), username, name, now, expiresAt);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AuthError('USER_NOT_FOUND', `user "${username}" does not exist`, { cause: err });
      }
      throw err;
    }
    return {
      token,
      id,
      name,
      username,
      createdAt: new Date(now).toISOString(),
      ...(expiresAt === null ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
    };
  }

  /** The token's user if it is known and unexpired; expired tokens are deleted on sight. */
  lookup(token: string): UserInfo | undefined {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const row = this.selectByHash.get(hashSecret(token)) as TokenRow | undefined;
    if (!row) return undefined;
    if (row.expires_at !== null && this.now() >= row.expires_at) {
      this.removeExpired.run(row.id);
      return undefined;
    }
    return userInfo({ username: row.username, groups: parseGroups(row.groups_json) });
  }

  list(username: string): TokenInfo[] {
    return (this.selectByUser.all(username) as ListRow[]).map((row) => ({
      id: row.id,
      name: row.name,
      username: row.username,
      createdAt: new Date(row.created_at).toISOString(),
      ...(row.expires_at === null ? {} : { expiresAt: new Date(row.expires_at).toISOString() }),
    }));
  }

  /** Revokes one of the user's tokens; false when there is no such token of theirs. */
  revoke(username: string, id: string): boolean {
    return this.remove.run(id, username).changes > 0;
  }
}

interface TokenRow {
  id: string;
  username: string;
  expires_at: number | null;
  groups_json: string;
}

interface ListRow {
  id: string;
  username: string;
  name: string;
  created_at: number;
  expires_at: number | null;
}
