import type { ObjectLike as K8sObject, ObjectList as K8sList, ObjectWatchEvent as WatchEvent } from '@/lib/api/k8s-types';

/**
 * Applies one watch event to a cached list, purely. Objects are matched by uid, falling back to
 * namespace/name; an event older than what the cache holds (by resourceVersion) is ignored, so
 * a relist racing a watch never moves an object back in time. BOOKMARKs only advance the
 * list's resourceVersion. Items stay sorted by namespace/name so renders are stable.
 */
export function applyWatchEvent<T extends K8sObject>(list: K8sList<T>, event: WatchEvent<T>): K8sList<T> {
  if (event.type === 'ERROR') return list;
  const rv = event.object?.metadata?.resourceVersion;
  const metadata = rv && isNewer(rv, list.metadata.resourceVersion) ? { ...list.metadata, resourceVersion: rv } : list.metadata;
  if (event.type === 'BOOKMARK') return metadata === list.metadata ? list : { ...list, metadata };

  const index = list.items.findIndex((item) => sameObject(item, event.object));
  const existing = index >= 0 ? list.items[index] : undefined;
  if (existing && rv && existing.metadata.resourceVersion && !isNewer(rv, existing.metadata.resourceVersion)) {
    // Stale or duplicate event: what we hold is at least as new.
    return metadata === list.metadata ? list : { ...list, metadata };
  }
  if (event.type === 'DELETED') {
    if (index < 0) return metadata === list.metadata ? list : { ...list, metadata };
    return { ...list, metadata, items: list.items.filter((_, i) => i !== index) };
  }
  // ADDED or MODIFIED: an upsert either way (an ADDED for a known object is a replay).
  const items = index >= 0 ? list.items.map((item, i) => (i === index ? event.object : item)) : [...list.items, event.object].sort(byKey);
  return { ...list, metadata, items };
}

/**
 * The same rules for a single cached object (null: absent). DELETED makes it null; ADDED and
 * MODIFIED replace it unless older.
 */
export function applyWatchEventToObject<T extends K8sObject>(current: T | null, event: WatchEvent<T>): T | null {
  if (event.type === 'ERROR' || event.type === 'BOOKMARK') return current;
  const rv = event.object?.metadata?.resourceVersion;
  if (current && sameObject(current, event.object) && rv && current.metadata.resourceVersion && !isNewer(rv, current.metadata.resourceVersion)) {
    return current;
  }
  if (event.type === 'DELETED') return current && !sameKey(current, event.object) ? current : null;
  return event.object;
}

/**
 * resourceVersions are opaque in Kubernetes, but Portico's (and etcd's) are increasing integers;
 * compare numerically when both are, and otherwise trust the event.
 */
export function isNewer(candidate: string, than: string | undefined): boolean {
  if (!than) return true;
  if (/^\d+$/.test(candidate) && /^\d+$/.test(than)) {
    return candidate.length === than.length ? candidate > than : candidate.length > than.length;
  }
  return candidate !== than;
}

function sameKey(a: K8sObject, b: K8sObject): boolean {
  return (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '') && a.metadata.name === b.metadata.name;
}

function sameObject(a: K8sObject, b: K8sObject): boolean {
  // A uid match is exact; a recreated object has a new uid, so a name match with different uids
  // is still the same slot (the old one must have been deleted).
  if (a.metadata.uid && b.metadata.uid && a.metadata.uid === b.metadata.uid) return true;
  return sameKey(a, b);
}

function byKey(a: K8sObject, b: K8sObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
