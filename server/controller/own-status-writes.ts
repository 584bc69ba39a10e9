import { isDeepStrictEqual } from 'node:util';
import type { K8sObject } from '@/lib/k8s/object';

/** What a status write was made from: the cached object it merged into, and (routes) the desired status it wrote. */
export interface WriteOrigin {
  base: K8sObject;
  settles?: object;
}

/** An update recognised as the echo of an own write, with that write's origin when it was told. */
export interface OwnEcho {
  origin?: WriteOrigin;
}

/**
 * The object versions the controller's own status writes produced. Their watch events (the
 * echo of a write) need no reconcile: the reconcile that wrote them already planned with that
 * status. Without this, every status write would start another reconcile, which also holds the
 * rate limit a following real change then waits for.
 *
 * An echo is known two ways. By version, once the write's response is recorded. And, for the
 * echo that arrives before the response (in embedded mode the store fans a commit out to
 * watchers before the HTTP response is even written, so nearly always), by content: an update
 * whose object is exactly the object the write sent, but for `resourceVersion` and
 * `managedFields`, carries nothing the writing reconcile did not plan with, whoever produced
 * it. At 10,000 routes that reconcile cost ~4 ms and ~2.7 MB of garbage per route change.
 * Deletes are never echoes. Bounded: entries not echoed are dropped once the table is full.
 */
export class OwnStatusWrites {
  private readonly versions = new Map<string, OwnEcho>();
  /** Objects as sent by writes in flight (or whose echo has not come), by kind/namespace/name. */
  private readonly sent = new Map<string, { object: K8sObject; echo: OwnEcho }>();
  /** Versions already taken as echoes by content: their response needs no entry. */
  private readonly echoed = new Set<string>();

  constructor(private readonly capacity = 4_096) {}

  /** Records the object a status write is about to send, and what it was made from. */
  sending(kind: string, object: K8sObject, origin?: WriteOrigin): void {
    const key = objectKey(kind, object);
    if (key === undefined) return;
    if (this.sent.size >= this.capacity) this.sent.clear();
    // As the server will have read it: JSON drops undefined fields.
    this.sent.set(key, { object: JSON.parse(JSON.stringify(object)) as K8sObject, echo: origin ? { origin } : {} });
  }

  /** Records the object a status write returned. */
  record(kind: string, written: K8sObject | undefined, origin?: WriteOrigin): void {
    const key = versionKey(kind, written);
    if (key === undefined || this.echoed.delete(key)) return;
    if (this.versions.size >= this.capacity) this.versions.clear();
    this.versions.set(key, origin ? { origin } : {});
  }

  /** The own write `object` (from an event) is the echo of, if it is what a recorded or sent write produced; forgets it. */
  echoOf(kind: string, object: K8sObject | undefined, event: 'add' | 'update' | 'delete' = 'update'): OwnEcho | undefined {
    const at = objectKey(kind, object);
    const sent = at === undefined ? undefined : this.sent.get(at);
    // A write is conditional on the version it read, so the first event for its object after it
    // was sent is its echo or a change that made it fail: either way the entry has served.
    if (sent !== undefined) this.sent.delete(at as string);
    if (event === 'delete') return undefined;
    const key = versionKey(kind, object);
    const byVersion = key === undefined ? undefined : this.versions.get(key);
    if (byVersion !== undefined) {
      this.versions.delete(key as string);
      return byVersion;
    }
    if (event !== 'update' || object === undefined || sent === undefined || !sameButVersion(sent.object, object)) return undefined;
    if (key !== undefined) {
      if (this.echoed.size >= this.capacity) this.echoed.clear();
      this.echoed.add(key);
    }
    return sent.echo;
  }
}

function objectKey(kind: string, object: K8sObject | undefined): string | undefined {
  const meta = object?.metadata;
  if (meta?.name === undefined) return undefined;
  return `${kind}/${meta.namespace ?? ''}/${meta.name}`;
}

function versionKey(kind: string, object: K8sObject | undefined): string | undefined {
  const key = objectKey(kind, object);
  const version = object?.metadata.resourceVersion;
  return key === undefined || version === undefined ? undefined : `${key}@${version}`;
}

/** Equal but for metadata.resourceVersion and metadata.managedFields (the informer drops the latter). */
function sameButVersion(sent: K8sObject, received: K8sObject): boolean {
  const { resourceVersion: _a, managedFields: _b, ...sentMeta } = sent.metadata;
  const { resourceVersion: _c, managedFields: _d, ...receivedMeta } = received.metadata;
  return isDeepStrictEqual({ ...sent, metadata: sentMeta }, { ...received, metadata: receivedMeta });
}
