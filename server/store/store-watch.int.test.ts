import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type SqliteStoreOptions } from '@/server/store/sqlite-store';
import { makeTempStoreDir } from '@/server/store/testing/temp-store-dir';
import { seededRandom } from '@/server/store/testing/seeded-random';
import { testObject } from '@/server/store/testing/test-object';
import { objectStoreKey, resourcePrefix, StoreExpiredError, type Store, type StoreEvent } from '@/server/store/types';

const key = (namespace: string, name: string) => objectStoreKey('', 'configmaps', namespace, name);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('sqlite store watch', () => {
  let temp: ReturnType<typeof makeTempStoreDir>;
  let store: Store;
  const open = (options: Partial<SqliteStoreOptions> = {}) =>
    openStore({ path: temp.file(), synchronous: 'NORMAL', ...options });

  beforeEach(() => {
    temp = makeTempStoreDir();
    store = open();
  });
  afterEach(() => {
    store.close();
    temp.remove();
  });

  it('replays history then delivers live events with no gap and no duplicate while writes interleave', async () => {
    const random = seededRandom(42);
    const prefix = resourcePrefix('', 'configmaps', 'w');
    const written: Array<{ revision: number; key: string; type: StoreEvent['type'] }> = [];
    const write = async () => {
      const name = `n${random.int(6)}`;
      const namespace = random.next() < 0.8 ? 'w' : 'wx';
      const remove = random.next() < 0.25;
      const change = await store.transact((txn) => {
        if (remove) {
          const removed = txn.delete(key(namespace, name));
          return removed && { revision: Number(removed.metadata.resourceVersion), type: 'delete' as const };
        }
        return { revision: txn.put(key(namespace, name), testObject(name, random.int(100))).modRevision, type: 'put' as const };
      });
      if (change) written.push({ ...change, key: key(namespace, name) });
    };

    for (let i = 0; i < 60; i++) await write();
    // Watchers start at several points of history, each while more writes are in flight.
    const watchers: Array<{ from: number; events: StoreEvent[] }> = [];
    for (const from of [0, 10, 35, store.currentRevision()]) {
      const watcher = { from, events: [] as StoreEvent[] };
      watchers.push(watcher);
      const inFlight = Array.from({ length: 5 }, () => write());
      store.watch(prefix, from, (event) => watcher.events.push(event));
      await Promise.all(inFlight);
    }
    for (let i = 0; i < 40; i++) await Promise.all([write(), write(), write()]);
    await nextTurn();

    for (const watcher of watchers) {
      const expected = written
        .filter((change) => change.revision > watcher.from && change.key.startsWith(prefix))
        .sort((a, b) => a.revision - b.revision);
      expect(watcher.events.map((event) => ({ revision: event.revision, key: event.key, type: event.type }))).toEqual(
        expected,
      );
    }
  });

  it('carries values and previous values, from history and live alike', async () => {
    const prefix = resourcePrefix('', 'configmaps', 'v');
    await store.transact((txn) => txn.put(key('v', 'a'), testObject('a', 1)));
    await store.transact((txn) => txn.put(key('v', 'a'), testObject('a', 2)));
    const replayed: StoreEvent[] = [];
    store.watch(prefix, 0, (event) => replayed.push(event));
    await store.transact((txn) => txn.delete(key('v', 'a')));
    await store.transact((txn) => txn.put(key('v', 'a'), testObject('a', 3)));

    const summary = replayed.map((event) => [
      event.type,
      event.revision,
      event.value.data,
      event.value.metadata.resourceVersion,
      event.prevValue?.data,
      event.prevValue?.metadata.resourceVersion,
    ]);
    expect(summary).toEqual([
      ['put', 1, 1, '1', undefined, undefined],
      ['put', 2, 2, '2', 1, '1'],
      ['delete', 3, 2, '3', 2, '2'],
      ['put', 4, 3, '4', undefined, undefined],
    ]);
  });

  it('returns the handle before replaying, and stop() ends delivery at once', async () => {
    const prefix = resourcePrefix('', 'configmaps', 's');
    await store.transact((txn) => {
      for (let i = 0; i < 5; i++) txn.put(key('s', `n${i}`), testObject(`n${i}`));
    });
    const seen: number[] = [];
    const handle = store.watch(prefix, 0, (event) => {
      seen.push(event.revision);
      if (event.revision === 2) handle.stop();
    });
    expect(seen).toEqual([]);
    await nextTurn();
    await store.transact((txn) => txn.put(key('s', 'late'), testObject('late')));
    expect(seen).toEqual([1, 2]);
  });

  it('keeps delivering to others when a watcher throws, and reports the error', async () => {
    store.close();
    const reported: Array<[unknown, number]> = [];
    store = open({ onWatchError: (error, event) => reported.push([error, event.revision]) });
    const prefix = resourcePrefix('', 'configmaps', 't');
    const healthy: number[] = [];
    const faulty: number[] = [];
    store.watch(prefix, 0, (event) => {
      faulty.push(event.revision);
      throw new Error(`bad ${event.revision}`);
    });
    store.watch(prefix, 0, (event) => healthy.push(event.revision));
    await store.transact((txn) => txn.put(key('t', 'a'), testObject('a')));
    await store.transact((txn) => txn.put(key('t', 'b'), testObject('b')));
    expect(healthy).toEqual([1, 2]);
    expect(faulty).toEqual([1, 2]);
    expect(reported.map(([error, revision]) => [(error as Error).message, revision])).toEqual([
      ['bad 1', 1],
      ['bad 2', 2],
    ]);
    expect(store.get(key('t', 'b'))?.modRevision).toBe(2);
  });

  it('delivers a batch in revision order and lets callbacks write (their writes arrive next)', async () => {
    const prefix = resourcePrefix('', 'configmaps', 'o');
    const seen: string[] = [];
    store.watch(prefix, 0, (event) => {
      seen.push(`${event.revision}:${event.value.metadata.name}`);
      if (event.value.metadata.name === 'a') void store.transact((txn) => txn.put(key('o', 'echo'), testObject('echo')));
    });
    await Promise.all([
      store.transact((txn) => txn.put(key('o', 'a'), testObject('a'))),
      store.transact((txn) => txn.put(key('o', 'b'), testObject('b'))),
    ]);
    await nextTurn();
    expect(seen).toEqual(['1:a', '2:b', '3:echo']);
  });

  it('gives a watcher started inside another callback mid-batch each later event exactly once', async () => {
    const prefix = resourcePrefix('', 'configmaps', 'n');
    const nested: number[] = [];
    const outer = store.watch(prefix, 0, (event) => {
      if (event.revision !== 2) return;
      outer.stop();
      // Revisions 3 and 4 are committed in the same batch but not yet published.
      store.watch(prefix, 1, (inner) => nested.push(inner.revision));
    });
    await store.transact((txn) => txn.put(key('n', 'a'), testObject('a')));
    await store.transact((txn) => {
      for (const name of ['b', 'c', 'd']) txn.put(key('n', name), testObject(name));
    });
    await store.transact((txn) => txn.put(key('n', 'e'), testObject('e')));
    await nextTurn();
    expect(nested).toEqual([2, 3, 4, 5]);
  });

  it('accepts a watch from a future revision and delivers only the events after it', async () => {
    const prefix = resourcePrefix('', 'configmaps', 'u');
    const seen: number[] = [];
    store.watch(prefix, 2, (event) => seen.push(event.revision));
    for (const name of ['a', 'b', 'c']) await store.transact((txn) => txn.put(key('u', name), testObject(name)));
    expect(seen).toEqual([3]);
  });

  it('freezes shared event objects so one watcher cannot change what another sees', async () => {
    const prefix = resourcePrefix('', 'configmaps', 'f');
    const events: StoreEvent[] = [];
    store.watch(prefix, 0, (event) => events.push(event));
    await store.transact((txn) => txn.put(key('f', 'a'), testObject('a', { v: 1 })));
    expect(Object.isFrozen(events[0]?.value.metadata)).toBe(true);
  });

  it('refuses to watch from a compacted revision, and serves one from exactly the compacted revision', async () => {
    const prefix = resourcePrefix('', 'configmaps', 'c');
    for (let i = 0; i < 4; i++) await store.transact((txn) => txn.put(key('c', 'a'), testObject('a', i)));
    store.compact(2);
    expect(() => store.watch(prefix, 1, () => undefined)).toThrow(StoreExpiredError);
    const events: StoreEvent[] = [];
    store.watch(prefix, 2, (event) => events.push(event));
    await nextTurn();
    expect(events.map((event) => [event.revision, event.prevValue?.data])).toEqual([
      [3, 1],
      [4, 2],
    ]);
  });
});
