import type { K8sObject } from '@/lib/k8s/object';

/**
 * The contract of the embedded store: an etcd-like, revisioned key-value store of Kubernetes
 * objects over SQLite. It knows keys, revisions and history; Kubernetes semantics (uid,
 * generation, finalizers, validation) live in the API server's registry on top of it.
 *
 * Keys: `/<group or "core">/<plural>/<namespace>/<name>` for namespaced objects and
 * `/<group or "core">/<plural>/<name>` for cluster-scoped ones (see `objectStoreKey`).
 */

/** A store revision: one strictly increasing counter across all keys; it is every object's resourceVersion. */
export type Revision = number;

export interface StoredEntry {
  key: string;
  /** The object; `metadata.resourceVersion` always equals `String(modRevision)`. */
  value: K8sObject;
  createRevision: Revision;
  modRevision: Revision;
}

export interface StoreEvent {
  type: 'put' | 'delete';
  key: string;
  revision: Revision;
  /** put: the new object. delete: the last state of the object, with resourceVersion set to the delete's revision. */
  value: K8sObject;
  /** The object before this change, if it existed. */
  prevValue?: K8sObject;
}

export interface ListOptions {
  /** At most this many entries (no limit when absent or 0). */
  limit?: number;
  /** Return only keys strictly greater than this one (pagination). */
  startAfter?: string;
  /** Read the state as of this revision (consistent pagination). Absent = current. */
  revision?: Revision;
}

export interface ListResult {
  entries: StoredEntry[];
  /** The revision the list reflects. */
  revision: Revision;
  /** True when entries were cut off by `limit`. */
  more: boolean;
}

/** Reads and writes inside one atomic transaction. Every write gets its own new revision. */
export interface StoreTxn {
  get(key: string): StoredEntry | undefined;
  list(prefix: string, options?: Omit<ListOptions, 'revision'>): ListResult;
  /** Creates or replaces; stamps `metadata.resourceVersion` and returns the stored entry. */
  put(key: string, value: K8sObject): StoredEntry;
  /** Removes the key; returns the delete event's object (last state, new resourceVersion) or undefined if absent. */
  delete(key: string): K8sObject | undefined;
}

export interface WatchHandle {
  stop(): void;
}

export interface Store {
  /** The newest committed revision. */
  currentRevision(): Revision;
  /** History at or below this revision is gone: reads and watches from before it get StoreExpiredError. */
  compactedRevision(): Revision;
  get(key: string): StoredEntry | undefined;
  list(prefix: string, options?: ListOptions): ListResult;
  /**
   * Runs `fn` inside one SQLite transaction and resolves once that transaction is durably
   * committed. If `fn` throws, nothing it wrote is kept and the promise rejects with that error.
   * `fn` may run later than the call (writes may be group-committed), never concurrently with another.
   */
  transact<T>(fn: (txn: StoreTxn) => T): Promise<T>;
  /**
   * Delivers every event on keys under `prefix` with revision > `fromRevision`, in revision
   * order, first from history and then live, with no gap and no duplicate. Throws
   * StoreExpiredError synchronously when `fromRevision` < compactedRevision().
   */
  watch(prefix: string, fromRevision: Revision, onEvent: (event: StoreEvent) => void): WatchHandle;
  /** Drops history at or below `revision` (never the current state). */
  compact(revision: Revision): void;
  close(): void;
}

/** Thrown when a revision older than the compacted history is requested (the API answers 410 Expired). */
export class StoreExpiredError extends Error {
  readonly code = 'STORE_EXPIRED';
  constructor(
    readonly requested: Revision,
    readonly compacted: Revision,
  ) {
    super(`revision ${requested} has been compacted (oldest available is ${compacted + 1})`);
    this.name = 'StoreExpiredError';
  }
}

/** The store key of an object of resource `group/plural`; `namespace` undefined for cluster-scoped kinds. */
export function objectStoreKey(group: string, plural: string, namespace: string | undefined, name: string): string {
  return `${resourcePrefix(group, plural, namespace)}${name}`;
}

/** The key prefix that lists a resource, across all namespaces when `namespace` is undefined. */
export function resourcePrefix(group: string, plural: string, namespace?: string): string {
  const g = group === '' ? 'core' : group;
  return namespace === undefined ? `/${g}/${plural}/` : `/${g}/${plural}/${namespace}/`;
}
