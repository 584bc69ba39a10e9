import type { K8sObject } from '@/lib/k8s/object';
import { ChangeRecord } from '@/server/store/change-record';
import { readList } from '@/server/store/history-reads';
import { currentRowToEntry, type StoreStatements } from '@/server/store/store-statements';
import type { ListOptions, ListResult, Revision, StoredEntry, StoreTxn } from '@/server/store/types';

/** What the writes of one commit batch share: the revision counter and the changes made so far. */
export interface BatchState {
  /** The newest revision allocated in this batch (committed revision before the first write). */
  revision: Revision;
  changes: ChangeRecord[];
}

/**
 * The `StoreTxn` handed to one `transact` callback. It reads and writes inside the batch's SQLite
 * transaction (so it sees the writes of callbacks queued before it) and gives every write the next
 * revision. It refuses use after its callback returned: a leaked txn must not write into a later batch.
 */
export class BatchTxn implements StoreTxn {
  private open = true;

  constructor(
    private readonly statements: StoreStatements,
    private readonly batch: BatchState,
  ) {}

  close(): void {
    this.open = false;
  }

  get(key: string): StoredEntry | undefined {
    this.assertOpen();
    const row = this.statements.getCurrent.get(key);
    return row === undefined ? undefined : currentRowToEntry(row);
  }

  list(prefix: string, options: Omit<ListOptions, 'revision'> = {}): ListResult {
    this.assertOpen();
    return readList(this.statements, { prefix, ...options }, this.batch.revision, this.batch.revision);
  }

  put(key: string, value: K8sObject): StoredEntry {
    this.assertOpen();
    assertKey(key);
    if (typeof value !== 'object' || value === null || typeof value.metadata !== 'object' || value.metadata === null) {
      throw new TypeError(`store put of ${key}: the value must be an object with metadata`);
    }
    const previous = this.statements.getCurrent.get(key);
    const revision = this.batch.revision + 1;
    const stored: K8sObject = { ...value, metadata: { ...value.metadata, resourceVersion: String(revision) } };
    const json = JSON.stringify(stored);
    const createRevision = previous?.create_revision ?? revision;

    this.statements.upsertCurrent.run(key, createRevision, revision, json);
    this.statements.insertHistory.run(revision, key, 0, createRevision, previous?.mod_revision ?? null, json);
    this.batch.revision = revision;
    this.batch.changes.push(new ChangeRecord('put', key, revision, json, previous?.value ?? null));
    return { key, value: stored, createRevision, modRevision: revision };
  }

  delete(key: string): K8sObject | undefined {
    this.assertOpen();
    assertKey(key);
    const previous = this.statements.getCurrent.get(key);
    if (previous === undefined) return undefined;
    const revision = this.batch.revision + 1;
    const last = JSON.parse(previous.value) as K8sObject;
    last.metadata.resourceVersion = String(revision);
    const json = JSON.stringify(last);

    this.statements.deleteCurrent.run(key);
    this.statements.insertHistory.run(revision, key, 1, previous.create_revision, previous.mod_revision, json);
    this.batch.revision = revision;
    this.batch.changes.push(new ChangeRecord('delete', key, revision, json, previous.value));
    return last;
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('store transaction used after its transact() callback returned');
  }
}

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('store keys must be non-empty strings');
}
