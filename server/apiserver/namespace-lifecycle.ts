import type { Logger } from 'pino';
import { apiVersionOf, RESOURCE_TYPES, storageVersion, type ResourceType } from '@/lib/k8s/kinds';
import { objectStoreKey, resourcePrefix, type Store } from '@/server/store/types';
import { deleteInTxn } from './object-writes';
import { rfc3339, type WriteContext } from './write-context';

const NAMESPACE_KEY = (name: string): string => objectStoreKey('', 'namespaces', undefined, name);
const CHUNK = 256;

/**
 * The namespace controller: once a namespace is marked for deletion, delete everything
 * in it (objects with finalizers are marked and waited for), then drop the namespace's
 * `kubernetes` finalizer and the namespace itself. Retries until the namespace is empty.
 */
export class NamespaceLifecycle {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly retryMs = 1000,
  ) {}

  /** Resumes namespaces left terminating by a previous run. */
  start(): void {
    for (const e of this.store.list(resourcePrefix('', 'namespaces')).entries) {
      if (e.value.metadata.deletionTimestamp) this.schedule(e.value.metadata.name ?? '', 0);
    }
  }

  schedule(name: string, delayMs = 0): void {
    if (this.closed || this.pending.has(name)) return;
    const timer = setTimeout(() => {
      this.pending.delete(name);
      this.finalize(name).catch((err: unknown) => {
        this.logger.error({ err, resource: { kind: 'Namespace', name } }, 'namespace cleanup failed');
        this.schedule(name, this.retryMs);
      });
    }, delayMs);
    timer.unref();
    this.pending.set(name, timer);
  }

  close(): void {
    this.closed = true;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private context(type: ResourceType): WriteContext {
    return {
      type,
      apiVersion: apiVersionOf(type.group, storageVersion(type)),
      dryRun: false,
      fieldManager: 'namespace-controller',
      force: false,
      now: rfc3339(new Date()),
      fieldValidation: 'Ignore',
      duplicateFields: [],
      warnings: [],
    };
  }

  private async finalize(name: string): Promise<void> {
    const ns = this.store.get(NAMESPACE_KEY(name));
    if (!ns || !ns.value.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const type of RESOURCE_TYPES) {
      if (!type.namespaced) continue;
      const ctx = this.context(type);
      const entries = this.store.list(resourcePrefix(type.group, type.plural, name)).entries;
      for (let i = 0; i < entries.length; i += CHUNK) {
        const chunk = entries.slice(i, i + CHUNK);
        const outcomes = await this.store.transact((txn) =>
          chunk.flatMap((e) => (txn.get(e.key) ? [deleteInTxn(txn, ctx, e.key, e.value.metadata.name ?? '', {})] : [])),
        );
        remaining += outcomes.filter((o) => !o.deleted).length;
      }
    }
    if (remaining > 0) {
      this.schedule(name, this.retryMs);
      return;
    }
    const gone = await this.store.transact((txn) => {
      const current = txn.get(NAMESPACE_KEY(name));
      if (!current) return true;
      // Objects may have been created between the sweep and now only if they slipped past the
      // terminating check, which runs in the same transaction as their create; sweep again if so.
      for (const type of RESOURCE_TYPES) {
        if (type.namespaced && txn.list(resourcePrefix(type.group, type.plural, name), { limit: 1 }).entries.length > 0) return false;
      }
      const spec = { ...(current.value.spec as object | undefined), finalizers: [] as string[] };
      if ((current.value.metadata.finalizers ?? []).length === 0) {
        txn.delete(NAMESPACE_KEY(name));
      } else {
        txn.put(NAMESPACE_KEY(name), { ...current.value, spec });
      }
      return true;
    });
    if (!gone) this.schedule(name, this.retryMs);
  }
}
