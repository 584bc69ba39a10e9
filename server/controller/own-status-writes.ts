import type { K8sObject } from '@/lib/k8s/object';

/**
 * The object versions the controller's own status writes produced. Their watch events (the
 * echo of a write) need no reconcile: the reconcile that wrote them already planned with that
 * status. Without this, every status write would start another reconcile, which also holds the
 * rate limit a following real change then waits for. An echo that arrives before the write's
 * response is recorded simply reconciles, as any event would. Bounded: entries not echoed are
 * dropped once the table is full.
 */
export class OwnStatusWrites {
  private readonly versions = new Set<string>();

  constructor(private readonly capacity = 4_096) {}

  /** Records the object a status write returned. */
  record(kind: string, written: K8sObject | undefined): void {
    const key = versionKey(kind, written);
    if (key === undefined) return;
    if (this.versions.size >= this.capacity) this.versions.clear();
    this.versions.add(key);
  }

  /** Whether `object` (from a watch event) is exactly what a recorded write produced; forgets it. */
  isEcho(kind: string, object: K8sObject | undefined): boolean {
    const key = versionKey(kind, object);
    return key !== undefined && this.versions.delete(key);
  }
}

function versionKey(kind: string, object: K8sObject | undefined): string | undefined {
  const meta = object?.metadata;
  if (meta?.resourceVersion === undefined || meta.name === undefined) return undefined;
  return `${kind}/${meta.namespace ?? ''}/${meta.name}@${meta.resourceVersion}`;
}
