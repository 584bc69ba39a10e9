import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteStoreOptions } from '@/server/store/sqlite-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import { seededRandom } from '@/server/store/testing/seeded-random';
import { testObject } from '@/server/store/testing/test-object';
import { objectStoreKey, resourcePrefix, StoreExpiredError, type Store, type StoreEvent } from '@/server/store/types';

const key = (name: string) => objectStoreKey('', 'configmaps', 'k', name);
const prefix = resourcePrefix('', 'configmaps', 'k');
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const stateAt = (store: Store, revision: number) =>
  store.list(prefix, { revision }).entries.map((entry) => [entry.value.metadata.name, entry.value.data]);

describe('sqlite store compaction', () => {
  let temp: ReturnType<typeof makeTempStoreDir>;
  const opened: Store[] = [];
  const open = (options: Partial<SqliteStoreOptions> = {}) => {
    const store = openStore({ path: temp.file(), synchronous: 'NORMAL', compactAfterRevisions: 0, ...options });
    opened.push(store);
    return store;
  };
  /** The revisions left in the history table; the store holds an exclusive lock, so it closes first. */
  const closeAndReadHistory = (store: Store) => {
    store.close();
    const db = new Database(temp.file(), { readonly: true });
    try {
      return (db.prepare('SELECT revision FROM history ORDER BY revision').all() as Array<{ revision: number }>).map(
        (row) => row.revision,
      );
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    temp = makeTempStoreDir();
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    temp.remove();
  });

  it.each([1, 2, 3])(
    'keeps every state at or after the compacted revision and expires older ones (seed %i)',
    async (seed) => {
      const random = seededRandom(seed);
      const store = open();
      for (let i = 0; i < 120; i++) {
        const name = `n${random.int(10)}`;
        if (random.next() < 0.3) await store.transact((txn) => txn.delete(key(name)));
        else await store.transact((txn) => txn.put(key(name), testObject(name, random.int(100))));
      }
      const latest = store.currentRevision();
      const before = Array.from({ length: latest + 1 }, (_, revision) => stateAt(store, revision));
      const events: StoreEvent[] = [];
      store.watch(prefix, 0, (event) => events.push(event));
      await nextTurn();

      const compactTo = Math.floor(latest / 2);
      store.compact(compactTo);
      expect(store.compactedRevision()).toBe(compactTo);
      for (let revision = compactTo; revision <= latest; revision++) {
        expect(stateAt(store, revision), `revision ${revision}`).toEqual(before[revision]);
      }
      expect(() => stateAt(store, compactTo - 1)).toThrow(StoreExpiredError);
      expect(() => store.watch(prefix, compactTo - 1, () => undefined)).toThrow(StoreExpiredError);

      // A replay from the compacted revision equals what a watcher saw live, prevValue included.
      const replayed: StoreEvent[] = [];
      store.watch(prefix, compactTo, (event) => replayed.push(event));
      await nextTurn();
      expect(replayed).toEqual(events.filter((event) => event.revision > compactTo));

      store.compact(latest);
      expect(stateAt(store, latest)).toEqual(before[latest]);
      expect(store.list(prefix).entries.map((entry) => [entry.value.metadata.name, entry.value.data])).toEqual(
        before[latest],
      );
      // Fully compacted history holds exactly one row per live key: the current state.
      const live = store
        .list(prefix)
        .entries.map((entry) => entry.modRevision)
        .sort((a, b) => a - b);
      expect(closeAndReadHistory(store)).toEqual(live);
    },
  );

  it('never compacts beyond the current revision and ignores older targets', async () => {
    const store = open();
    await store.transact((txn) => txn.put(key('a'), testObject('a')));
    store.compact(100);
    expect(store.compactedRevision()).toBe(1);
    store.compact(0);
    expect(store.compactedRevision()).toBe(1);
    expect(store.get(key('a'))?.modRevision).toBe(1);
  });

  it('compacts automatically off the write path to a bounded window of revisions', async () => {
    const store = open({ compactAfterRevisions: 20, keepHistoryMs: 0 });
    for (let i = 0; i < 100; i++) await store.transact((txn) => txn.put(key(`n${i % 7}`), testObject(`n${i % 7}`, i)));
    await nextTurn();
    await nextTurn();
    const compacted = store.compactedRevision();
    expect(compacted).toBeGreaterThanOrEqual(100 - 20 - 2);
    expect(compacted).toBeLessThanOrEqual(100 - 20);
    expect(store.list(prefix).entries).toHaveLength(7);
    // At or below the compacted revision only each key's newest put survives.
    const atOrBelow = closeAndReadHistory(store).filter((revision) => revision <= compacted);
    expect(atOrBelow.length).toBeLessThanOrEqual(7);
  });

  it('keeps the history of the time window even past the revision window', async () => {
    let now = 1_000_000;
    const store = open({ compactAfterRevisions: 10, keepHistoryMs: 60_000, now: () => now });
    for (let i = 0; i < 50; i++) await store.transact((txn) => txn.put(key('a'), testObject('a', i)));
    await nextTurn();
    expect(store.compactedRevision()).toBe(0);

    now += 61_000;
    for (let i = 0; i < 15; i++) await store.transact((txn) => txn.put(key('a'), testObject('a', i)));
    await nextTurn();
    // Revisions up to 50 are older than a minute; the count window would allow up to 55.
    expect(store.compactedRevision()).toBe(50);
  });

  it('caps history at maxHistoryRevisions even inside the time window', async () => {
    const store = open({ compactAfterRevisions: 10, keepHistoryMs: 3_600_000, maxHistoryRevisions: 30, now: () => 0 });
    for (let i = 0; i < 80; i++) await store.transact((txn) => txn.put(key('a'), testObject('a', i)));
    await nextTurn();
    expect(store.compactedRevision()).toBeGreaterThanOrEqual(80 - 30 - 10);
    expect(store.compactedRevision()).toBeLessThanOrEqual(80 - 30);
  });

  it('keeps the compacted revision across a restart', async () => {
    let store = open();
    for (let i = 0; i < 5; i++) await store.transact((txn) => txn.put(key('a'), testObject('a', i)));
    store.compact(4);
    store.close();
    store = open();
    expect(store.compactedRevision()).toBe(4);
    expect(() => store.list(prefix, { revision: 3 })).toThrow(StoreExpiredError);
    expect(stateAt(store, 4)).toEqual([['a', 3]]);
  });
});
