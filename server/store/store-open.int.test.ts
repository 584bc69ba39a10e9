import Database from 'better-sqlite3';
import { openSync, readFileSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '@/server/store/sqlite-store';
import { StoreOpenError } from '@/server/store/store-errors';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import { testObject } from '@/server/store/testing/test-object';

describe('opening the sqlite store', () => {
  let temp: ReturnType<typeof makeTempStoreDir>;
  beforeEach(() => {
    temp = makeTempStoreDir();
  });
  afterEach(() => temp.remove());

  const openError = (path: string): StoreOpenError => {
    try {
      openStore({ path }).close();
    } catch (error) {
      expect(error).toBeInstanceOf(StoreOpenError);
      return error as StoreOpenError;
    }
    throw new Error('expected openStore to fail');
  };

  it.each([
    ['a text file', 'not a database at all\n'.repeat(500)],
    ['random bytes', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251))],
  ])('refuses %s as corrupt, naming the file', (_name, content) => {
    const path = temp.file();
    writeFileSync(path, content);
    const error = openError(path);
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain(path);
    // The file is left untouched for the operator to inspect.
    expect(readFileSync(path)).toEqual(Buffer.from(content));
  });

  it('refuses a damaged Portico store', async () => {
    const path = temp.file();
    const store = openStore({ path, synchronous: 'NORMAL' });
    await store.transact((txn) => {
      for (let i = 0; i < 200; i++) txn.put(`/core/configmaps/d/n${i}`, testObject(`n${i}`, 'x'.repeat(500)));
    });
    store.close();
    // Overwrite an interior page (page 3 onwards holds b-tree pages) with garbage.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 4, 0xa5), 0, 4096 * 4, 4096 * 2);
    closeSync(fd);
    expect(openError(path).code).toBe('STORE_CORRUPT');
  });

  it('refuses a SQLite database of another application', () => {
    const path = temp.file();
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    db.close();
    const error = openError(path);
    expect(error.code).toBe('STORE_FOREIGN');
    expect(error.message).toMatch(/another application/);
  });

  it('refuses a store written by a newer schema', () => {
    const path = temp.file();
    openStore({ path }).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(openError(path).code).toBe('STORE_TOO_NEW');
  });

  it('refuses a second opener while the store is open', () => {
    const path = temp.file();
    const store = openStore({ path });
    try {
      expect(openError(path).code).toBe('STORE_LOCKED');
    } finally {
      store.close();
    }
    openStore({ path }).close();
  });

  it('reports a path it cannot create', () => {
    expect(openError(`${temp.dir}/missing/dir/store.db`).code).toBe('STORE_OPEN_FAILED');
  });
});
