/**
 * Child process of the kill -9 durability test: writes keys as fast as it can, in bursts that
 * group-commit, and prints `ack <key> <revision>` for every transact() that resolved. The test
 * kills it with SIGKILL at an arbitrary point and checks that every acknowledged key survived.
 * stdout writes to a pipe are synchronous on Linux, so a printed ack never precedes its commit.
 *
 * Usage: node --import tsx server/store/testing/durability-writer.ts <db path> <key tag>
 */
import { openStore } from '@/server/store/sqlite-store';
import { testObject } from '@/server/store/testing/test-object';

const [path, tag] = process.argv.slice(2);
if (path === undefined || tag === undefined) throw new Error('usage: durability-writer.ts <db path> <key tag>');

const store = openStore({ path, synchronous: 'FULL' });
process.stdout.write('ready\n');

let sequence = 0;
for (;;) {
  const burst = 1 + (sequence % 17);
  await Promise.all(
    Array.from({ length: burst }, () => {
      const name = `${tag}-${sequence++}`;
      const key = `/core/configmaps/durable/${name}`;
      return store
        .transact((txn) => txn.put(key, testObject(name, { sequence })))
        .then((entry) => process.stdout.write(`ack ${key} ${entry.modRevision}\n`));
    }),
  );
}
