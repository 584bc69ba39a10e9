import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteStoreOptions } from '@/server/store/sqlite-store';
import { StoreClosedError, StoreFutureRevisionError } from '@/server/store/store-errors';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import { seededRandom } from '@/server/store/testing/seeded-random';
import { testObject } from '@/server/store/testing/test-object';
import { objectStoreKey, resourcePrefix, type Store, type StoredEntry } from '@/server/store/types';

const key = (namespace: string, name: string) => objectStoreKey('', 'configmaps', namespace, name);

describe('sqlite store', () => {
  let temp: ReturnType<typeof makeTempStoreDir>;
  const opened: Store[] = [];
  const open = (options: Partial<SqliteStoreOptions> = {}) => {
    const store = openStore({ path: temp.file(), synchronous: 'NORMAL', ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    temp = makeTempStoreDir();
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    temp.remove();
  });

  it('stamps every write with its own revision as resourceVersion and keeps createRevision', async () => {
    const store = open();
    expect(store.currentRevision()).toBe(0);
    const created = await store.transact((txn) => txn.put(key('a', 'x'), testObject('x', { v: 1 })));
    expect(created).toMatchObject({ createRevision: 1, modRevision: 1 });
    expect(created.value.metadata.resourceVersion).toBe('1');

    const [first, second] = await store.transact((txn) => [
      txn.put(key('a', 'x'), testObject('x', { v: 2 })),
      txn.put(key('a', 'y'), testObject('y')),
    ]);
    expect(first).toMatchObject({ createRevision: 1, modRevision: 2, value: { data: { v: 2 } } });
    expect(second).toMatchObject({ createRevision: 3, modRevision: 3 });
    expect(store.currentRevision()).toBe(3);
    expect(store.get(key('a', 'x'))).toEqual(first);

    const deleted = await store.transact((txn) => txn.delete(key('a', 'x')));
    expect(deleted?.metadata.resourceVersion).toBe('4');
    expect(deleted?.data).toEqual({ v: 2 });
    expect(store.get(key('a', 'x'))).toBeUndefined();
    expect(await store.transact((txn) => txn.delete(key('a', 'x')))).toBeUndefined();
    expect(store.currentRevision()).toBe(4);

    const recreated = await store.transact((txn) => txn.put(key('a', 'x'), testObject('x')));
    expect(recreated).toMatchObject({ createRevision: 5, modRevision: 5 });
  });

  it('does not mutate the caller object and returns objects the caller owns', async () => {
    const store = open();
    const input = testObject('x', { v: 1 });
    await store.transact((txn) => txn.put(key('a', 'x'), input));
    expect(input.metadata.resourceVersion).toBeUndefined();
    const read = store.get(key('a', 'x')) as StoredEntry;
    read.value.metadata.name = 'changed';
    expect(store.get(key('a', 'x'))?.value.metadata.name).toBe('x');
  });

  it('lists a prefix without matching sibling names', async () => {
    const store = open();
    await store.transact((txn) => {
      for (const [ns, name] of [['a', 'one'], ['ab', 'two'], ['a', 'three'], ['b', 'four'], ['a-', 'five']] as const) {
        txn.put(key(ns, name), testObject(name, {}, ns));
      }
      txn.put(objectStoreKey('', 'configmapsx', 'a', 'other'), testObject('other'));
    });
    const names = (prefix: string) => store.list(prefix).entries.map((entry) => entry.value.metadata.name);
    expect(names(resourcePrefix('', 'configmaps', 'a'))).toEqual(['one', 'three']);
    expect(names(resourcePrefix('', 'configmaps', 'ab'))).toEqual(['two']);
    // Byte order of keys: '-' sorts before '/'.
    expect(names(resourcePrefix('', 'configmaps'))).toEqual(['five', 'one', 'three', 'two', 'four']);
    expect(store.list('').entries).toHaveLength(6);
    expect(names('/core/configmaps/a%')).toEqual([]);
  });

  it('paginates with limit and startAfter, flagging more', async () => {
    const store = open();
    await store.transact((txn) => {
      for (let i = 0; i < 7; i++) txn.put(key('p', `n${i}`), testObject(`n${i}`));
    });
    const prefix = resourcePrefix('', 'configmaps', 'p');
    const pages: string[][] = [];
    let startAfter: string | undefined;
    for (;;) {
      const page = store.list(prefix, { limit: 3, startAfter });
      pages.push(page.entries.map((entry) => entry.value.metadata.name as string));
      if (!page.more) break;
      startAfter = page.entries.at(-1)?.key;
    }
    expect(pages).toEqual([['n0', 'n1', 'n2'], ['n3', 'n4', 'n5'], ['n6']]);
    expect(store.list(prefix, { limit: 7 }).more).toBe(false);
    expect(store.list(prefix, { limit: 0 }).entries).toHaveLength(7);
  });

  it('lists the state as of an older revision while pages are fetched and writes land in between', async () => {
    const store = open();
    const prefix = resourcePrefix('', 'configmaps', 'h');
    await store.transact((txn) => {
      for (let i = 0; i < 6; i++) txn.put(key('h', `n${i}`), testObject(`n${i}`, { v: 'old' }));
    });
    const first = store.list(prefix, { limit: 2 });
    const at = first.revision;
    expect(at).toBe(6);
    await store.transact((txn) => {
      txn.put(key('h', 'n3'), testObject('n3', { v: 'new' }));
      txn.delete(key('h', 'n4'));
      txn.put(key('h', 'n2b'), testObject('n2b', { v: 'new' }));
      txn.put(key('other', 'z'), testObject('z'));
    });
    const rest = store.list(prefix, { revision: at, startAfter: first.entries.at(-1)?.key });
    expect(rest.revision).toBe(at);
    expect(rest.entries.map((entry) => [entry.value.metadata.name, entry.value.data, entry.modRevision])).toEqual([
      ['n2', { v: 'old' }, 3],
      ['n3', { v: 'old' }, 4],
      ['n4', { v: 'old' }, 5],
      ['n5', { v: 'old' }, 6],
    ]);
    expect(rest.entries.every((entry) => entry.value.metadata.resourceVersion === String(entry.modRevision))).toBe(true);
    // An unrelated prefix changed after `at` only elsewhere: answered from the current table, same result.
    expect(store.list(resourcePrefix('', 'configmaps', 'other'), { revision: at }).entries).toEqual([]);
    expect(() => store.list(prefix, { revision: store.currentRevision() + 1 })).toThrow(StoreFutureRevisionError);
  });

  it.each([1, 2, 3, 4, 5])('matches a model over a random mutation sequence (seed %i), at every revision', async (seed) => {
    const random = seededRandom(seed);
    const store = open();
    const names = Array.from({ length: 8 }, (_, i) => `k${i}`);
    const model = new Map<string, number>();
    const snapshots: Array<Map<string, number>> = [new Map()];
    let lastRevision = 0;

    for (let round = 0; round < 40; round++) {
      const calls = Array.from({ length: 1 + random.int(5) }, () => {
        const ops = Array.from({ length: 1 + random.int(3) }, () => ({
          name: names[random.int(names.length)] as string,
          remove: random.next() < 0.3,
          value: random.int(1000),
        }));
        const fail = random.next() < 0.15;
        return store.transact((txn) => {
          const revisions: number[] = [];
          for (const op of ops) {
            if (op.remove) {
              const removed = txn.delete(key('m', op.name));
              if (removed) revisions.push(Number(removed.metadata.resourceVersion));
            } else {
              revisions.push(txn.put(key('m', op.name), testObject(op.name, op.value)).modRevision);
            }
          }
          if (fail) throw new Error('planned failure');
          return { ops, revisions };
        });
      });
      const settled = await Promise.allSettled(calls);
      for (const outcome of settled) {
        if (outcome.status === 'rejected') continue;
        const { ops, revisions } = outcome.value;
        for (const revision of revisions) {
          expect(revision).toBe(lastRevision + 1);
          lastRevision = revision;
        }
        for (const op of ops) {
          const existed = model.has(op.name);
          if (op.remove) model.delete(op.name);
          else model.set(op.name, op.value);
          if (existed || !op.remove) snapshots.push(new Map(model));
        }
      }
      expect(store.currentRevision()).toBe(lastRevision);
    }

    const state = (revision: number) =>
      new Map(
        store
          .list(resourcePrefix('', 'configmaps', 'm'), { revision })
          .entries.map((entry) => [entry.value.metadata.name as string, entry.value.data as number]),
      );
    expect(snapshots).toHaveLength(lastRevision + 1);
    snapshots.forEach((snapshot, revision) => expect(state(revision), `revision ${revision}`).toEqual(snapshot));
  });

  it('isolates a failing callback in a group-committed batch', async () => {
    const store = open();
    const results = await Promise.allSettled([
      store.transact((txn) => txn.put(key('g', 'a'), testObject('a')).modRevision),
      store.transact((txn) => {
        txn.put(key('g', 'b'), testObject('b'));
        txn.delete(key('g', 'a'));
        throw new Error('boom');
      }),
      store.transact((txn) => {
        expect(txn.get(key('g', 'a'))).toBeDefined();
        expect(txn.get(key('g', 'b'))).toBeUndefined();
        return txn.put(key('g', 'c'), testObject('c')).modRevision;
      }),
      store.transact(() => Promise.resolve(1)),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { message: 'boom' } });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 2 });
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { name: 'TypeError' } });
    expect(store.list(resourcePrefix('', 'configmaps', 'g')).entries.map((entry) => entry.key)).toEqual([
      key('g', 'a'),
      key('g', 'c'),
    ]);
    expect(store.currentRevision()).toBe(2);
  });

  it('lets a callback list what earlier callbacks of its batch and itself wrote', async () => {
    const store = open();
    const prefix = resourcePrefix('', 'configmaps', 'b');
    const [, listed] = await Promise.all([
      store.transact((txn) => txn.put(key('b', 'a'), testObject('a'))),
      store.transact((txn) => {
        txn.put(key('b', 'c'), testObject('c'));
        const result = txn.list(prefix, { limit: 1 });
        return { names: result.entries.map((entry) => entry.value.metadata.name), more: result.more, rev: result.revision };
      }),
    ]);
    expect(listed).toEqual({ names: ['a'], more: true, rev: 2 });
  });

  it('refuses a transaction handle used after its callback returned', async () => {
    const store = open();
    const leaked = await store.transact((txn) => txn);
    expect(() => leaked.put(key('l', 'x'), testObject('x'))).toThrow(/after its transact/);
  });

  it('keeps a counter exact under 50 concurrent read-modify-write transactions', async () => {
    const store = open();
    const counterKey = key('c', 'counter');
    await store.transact((txn) => txn.put(counterKey, testObject('counter', 0)));
    const increments = Array.from({ length: 50 }, (_, i) =>
      store.transact((txn) => {
        const current = txn.get(counterKey);
        if (current === undefined) throw new Error('counter missing');
        if (i % 7 === 3) throw new Error('rejected increment');
        return txn.put(counterKey, { ...current.value, data: (current.value.data as number) + 1 });
      }),
    );
    const settled = await Promise.allSettled(increments);
    const succeeded = settled.filter((outcome) => outcome.status === 'fulfilled').length;
    expect(succeeded).toBe(50 - 7);
    expect(store.get(counterKey)?.value.data).toBe(succeeded);
    expect(store.currentRevision()).toBe(1 + succeeded);
  });

  it('resumes revisions and data after a restart, never reusing a revision', async () => {
    let store = open();
    await store.transact((txn) => {
      txn.put(key('r', 'a'), testObject('a'));
      txn.put(key('r', 'b'), testObject('b'));
    });
    await store.transact((txn) => txn.delete(key('r', 'b')));
    store.compact(3);
    store.close();

    store = open();
    expect(store.currentRevision()).toBe(3);
    expect(store.compactedRevision()).toBe(3);
    expect(store.get(key('r', 'a'))?.value.metadata.resourceVersion).toBe('1');
    const next = await store.transact((txn) => txn.put(key('r', 'b'), testObject('b')));
    expect(next.modRevision).toBe(4);
  });

  it('commits queued writes on close and refuses work afterwards', async () => {
    const store = open();
    const pending = store.transact((txn) => txn.put(key('z', 'a'), testObject('a')).modRevision);
    store.close();
    await expect(pending).resolves.toBe(1);
    await expect(store.transact(() => 1)).rejects.toBeInstanceOf(StoreClosedError);
    expect(() => store.get(key('z', 'a'))).toThrow(StoreClosedError);
    const reopened = open();
    expect(reopened.get(key('z', 'a'))?.modRevision).toBe(1);
  });

  it('refuses compact() and close() from inside a transaction', async () => {
    const store = open();
    await expect(store.transact(() => store.compact(0))).rejects.toThrow(/inside a transact/);
    await expect(store.transact(() => store.close())).rejects.toThrow(/inside a transact/);
  });
});
