import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuthDatabase, type AuthDatabase } from '@/server/auth/auth-database';
import { SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS, SessionStore } from '@/server/auth/session-store';
import { TokenStore } from '@/server/auth/token-store';
import { UserStore } from '@/server/auth/user-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';

const cheap = { N: 2 ** 10, r: 8, p: 1 };
const MINUTE = 60_000;

describe('auth database stores (real SQLite file)', () => {
  let tmp: ReturnType<typeof makeTempStoreDir>;
  let db: AuthDatabase;
  let now: number;
  let users: UserStore;
  let sessions: SessionStore;
  let tokens: TokenStore;

  beforeEach(async () => {
    tmp = makeTempStoreDir();
    db = openAuthDatabase(tmp.dir);
    now = Date.parse('2026-01-01T00:00:00Z');
    const clock = () => now;
    users = new UserStore(db, clock, cheap);
    sessions = new SessionStore(db, clock);
    tokens = new TokenStore(db, clock);
    await users.create({ username: 'ana', password: 'correct horse battery', groups: ['portico:app-team-a'] });
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('keeps the file private and in WAL mode', () => {
    expect(statSync(tmp.file('auth.sqlite')).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  describe('users', () => {
    it('verifies passwords and returns groups plus system:authenticated', async () => {
      expect(await users.verify('ana', 'correct horse battery')).toEqual({
        username: 'ana',
        groups: ['portico:app-team-a', 'system:authenticated'],
      });
      expect(await users.verify('ana', 'wrong horse battery')).toBeUndefined();
      expect(await users.verify('nobody', 'correct horse battery')).toBeUndefined();
    });

    it('stores only a salted scrypt hash with its parameters', () => {
      const row = db.prepare('SELECT password_hash FROM users WHERE username = ?').get('ana') as { password_hash: string };
      expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect(row.password_hash).not.toContain('correct horse');
    });

    it.each([
      [{ username: 'ana', password: 'another long one' }, 'USER_EXISTS'],
      [{ username: 'bob', password: 'short' }, 'WEAK_PASSWORD'],
      [{ username: 'bob', password: '12345678901' }, 'WEAK_PASSWORD'],
      [{ username: 'Bob', password: 'long enough pass' }, 'INVALID_USERNAME'],
      [{ username: 'system:admin', password: 'long enough pass' }, 'INVALID_USERNAME'],
      [{ username: 'portico-admin', password: 'long enough pass' }, 'INVALID_USERNAME'],
      [{ username: 'bob', password: 'long enough pass', groups: ['system:masters'] }, 'INVALID_GROUP'],
      [{ username: 'bob', password: 'long enough pass', groups: ['Bad Group'] }, 'INVALID_GROUP'],
    ])('refuses %j with %s', async (input, code) => {
      await expect(users.create(input)).rejects.toMatchObject({ code });
    });

    it('accepts exactly 12 characters and lists users', async () => {
      await users.create({ username: 'bob', password: '123456789012' });
      expect(users.list().map((u) => u.username)).toEqual(['ana', 'bob']);
      expect(users.get('bob')?.groups).toEqual([]);
    });
  });

  describe('sessions', () => {
    it('stores only the hash of a 256-bit id', () => {
      const { id } = sessions.create('ana');
      expect(Buffer.from(id, 'base64url')).toHaveLength(32);
      const rows = db.prepare('SELECT id_hash FROM sessions').all() as Array<{ id_hash: string }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]?.id_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]?.id_hash).not.toContain(id);
      expect(sessions.lookup(id)?.username).toBe('ana');
      expect(sessions.lookup(`${id}x`)).toBeUndefined();
    });

    it('expires after 30 idle minutes', () => {
      const { id } = sessions.create('ana');
      now += SESSION_IDLE_TIMEOUT_MS - MINUTE;
      expect(sessions.lookup(id)).toBeDefined();
      now += SESSION_IDLE_TIMEOUT_MS - MINUTE; // active a moment ago, so still alive
      expect(sessions.lookup(id)).toBeDefined();
      now += SESSION_IDLE_TIMEOUT_MS;
      expect(sessions.lookup(id)).toBeUndefined();
      expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    });

    it('expires 12 hours after sign-in however active', () => {
      const { id } = sessions.create('ana');
      for (let t = 0; t < SESSION_ABSOLUTE_TIMEOUT_MS - 20 * MINUTE; t += 20 * MINUTE) {
        now += 20 * MINUTE;
        expect(sessions.lookup(id)).toBeDefined();
      }
      now = Date.parse('2026-01-01T12:00:00Z');
      expect(sessions.lookup(id)).toBeUndefined();
    });

    it('deletes on logout and when the user is deleted', () => {
      const a = sessions.create('ana');
      sessions.delete(a.id);
      expect(sessions.lookup(a.id)).toBeUndefined();
      const b = sessions.create('ana');
      db.prepare('DELETE FROM users WHERE username = ?').run('ana');
      expect(sessions.lookup(b.id)).toBeUndefined();
    });

    it('sees group changes at once', () => {
      const { id } = sessions.create('ana');
      db.prepare('UPDATE users SET groups_json = ? WHERE username = ?').run('["portico:operators"]', 'ana');
      expect(sessions.lookup(id)?.groups).toEqual(['portico:operators', 'system:authenticated']);
    });
  });

  describe('tokens', () => {
    it('authenticates, lists without secrets, revokes', () => {
      const created = tokens.create('ana', 'laptop kubectl');
      expect(created.token).toMatch(/^portico_[A-Za-z0-9_-]{43}$/);
      expect(tokens.lookup(created.token)).toEqual({ username: 'ana', groups: ['portico:app-team-a', 'system:authenticated'] });
      const listed = tokens.list('ana');
      expect(listed).toEqual([{ id: created.id, name: 'laptop kubectl', username: 'ana', createdAt: '2026-01-01T00:00:00.000Z' }]);
      expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(created.token.slice(8));
      expect(tokens.revoke('someone-else', created.id)).toBe(false);
      expect(tokens.revoke('ana', created.id)).toBe(true);
      expect(tokens.lookup(created.token)).toBeUndefined();
    });

    it('expires', () => {
      const created = tokens.create('ana', 'ci', 60);
      expect(created.expiresAt).toBe('2026-01-01T00:01:00.000Z');
      now += 59_999;
      expect(tokens.lookup(created.token)).toBeDefined();
      now += 1;
      expect(tokens.lookup(created.token)).toBeUndefined();
    });

    it('refuses bad requests and unknown users', () => {
      expect(() => tokens.create('ana', '')).toThrow(/name/);
      expect(() => tokens.create('ana', 'x', 0)).toThrow(/expiresInSeconds/);
      expect(() => tokens.create('ghost', 'x')).toThrow(expect.objectContaining({ code: 'USER_NOT_FOUND' }));
      expect(tokens.lookup('not-a-portico-token')).toBeUndefined();
    });

    it('survives reopening the database file', () => {
      const created = tokens.create('ana', 'persisted');
      db.close();
      db = openAuthDatabase(tmp.dir);
      expect(new TokenStore(db, () => now).lookup(created.token)?.username).toBe('ana');
      const direct = new Database(tmp.file('auth.sqlite'), { readonly: true });
      expect(direct.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
      direct.close();
    });
  });
});
