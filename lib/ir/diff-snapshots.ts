import { listenerHash, listenerHeader, partHash, virtualHostHash, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';
import { type ListenerPatch, type SnapshotDelta } from '@/lib/ir/snapshot-delta';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';

/**
 * The delta that turns `prev` into `next` (control plane side). Parts are compared by their
 * tree hashes, so with a shared cache the cost follows what changed, not the snapshot's size.
 */
export function diffSnapshots(prev: RoutingSnapshot, next: RoutingSnapshot, cache?: SnapshotHashCache): SnapshotDelta {
  const before = new Map(prev.listeners.map((l) => [l.name, l]));
  const after = new Set(next.listeners.map((l) => l.name));
  const upsertListeners: ListenerPatch[] = [];
  for (const listener of next.listeners) {
    const old = before.get(listener.name);
    if (old && listenerHash(old, cache) === listenerHash(listener, cache)) continue;
    upsertListeners.push(diffListener(old, listener, cache));
  }
  const oldCerts = new Map(prev.certificates.map((c) => [c.id, c]));
  const newCertIds = new Set(next.certificates.map((c) => c.id));
  return {
    schemaVersion: next.schemaVersion,
    baseVersion: prev.version,
    version: next.version,
    upsertListeners,
    removeListeners: prev.listeners.filter((l) => !after.has(l.name)).map((l) => l.name),
    upsertCertificates: next.certificates.filter((c) => {
      const old = oldCerts.get(c.id);
      return !old || partHash(old, cache) !== partHash(c, cache);
    }),
    removeCertificates: prev.certificates.filter((c) => !newCertIds.has(c.id)).map((c) => c.id),
  };
}

function diffListener(old: IrListener | undefined, listener: IrListener, cache?: SnapshotHashCache): ListenerPatch {
  const rules = diffRules(old?.rules ?? [], listener.rules, cache);
  const hosts = diffVirtualHosts(old?.virtualHosts ?? [], listener.virtualHosts, cache);
  const patch: ListenerPatch = {
    name: listener.name,
    header: listenerHeader(listener),
    upsertRules: rules.upsert,
    removeRules: rules.remove,
    upsertVirtualHosts: hosts.upsert,
    removeVirtualHosts: hosts.remove,
  };
  if (hosts.reordered) patch.virtualHostOrder = listener.virtualHosts.map((v) => v.hostname);
  return patch;
}

/**
 * Rules are sorted by id in both lists (the IR's order): one merge walk, and a rule object the
 * translator kept (most of 10,000) is skipped on identity alone, before any hash lookup.
 * Lists out of order fall back to lookups by id.
 */
function diffRules(before: readonly IrRule[], after: readonly IrRule[], cache?: SnapshotHashCache): { upsert: IrRule[]; remove: string[] } {
  if (!sortedById(before) || !sortedById(after)) return diffRulesById(before, after, cache);
  const upsert: IrRule[] = [];
  const remove: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const was = before[i];
    const now = after[j];
    // The same object is the same rule: most of them, decided without comparing ids.
    if (was === now) {
      i++;
      j++;
    } else if (now === undefined || (was !== undefined && was.id < now.id)) {
      remove.push((was as IrRule).id);
      i++;
    } else if (was === undefined || now.id < was.id) {
      upsert.push(now);
      j++;
    } else {
      if (was !== now && partHash(was, cache) !== partHash(now, cache)) upsert.push(now);
      i++;
      j++;
    }
  }
  return { upsert, remove };
}

/**
 * Rule lists found sorted. IR lists are immutable, and each diff's `after` is the next one's
 * `before`: a list is checked once, not on every diff it takes part in (10,000 id compares).
 */
const SORTED = new WeakSet<readonly IrRule[]>();

function sortedById(rules: readonly IrRule[]): boolean {
  if (SORTED.has(rules)) return true;
  for (let i = 1; i < rules.length; i++) if (!((rules[i - 1] as IrRule).id < (rules[i] as IrRule).id)) return false;
  SORTED.add(rules);
  return true;
}

function diffRulesById(before: readonly IrRule[], after: readonly IrRule[], cache?: SnapshotHashCache): { upsert: IrRule[]; remove: string[] } {
  const oldRules = new Map(before.map((r) => [r.id, r]));
  const newIds = new Set(after.map((r) => r.id));
  return {
    upsert: after.filter((r) => {
      const was = oldRules.get(r.id);
      return was !== r && (was === undefined || partHash(was, cache) !== partHash(r, cache));
    }),
    remove: before.filter((r) => !newIds.has(r.id)).map((r) => r.id),
  };
}

/** Virtual hosts by hostname; `reordered` when the hostname sequence is not the old one. */
function diffVirtualHosts(before: readonly IrVirtualHost[], after: readonly IrVirtualHost[], cache?: SnapshotHashCache): { upsert: IrVirtualHost[]; remove: string[]; reordered: boolean } {
  const inPlace = diffVirtualHostsInPlace(before, after, cache);
  if (inPlace !== undefined) return { upsert: inPlace, remove: [], reordered: false };
  const oldHosts = new Map<string, IrVirtualHost>();
  for (const v of before) oldHosts.set(v.hostname, v);
  const upsert: IrVirtualHost[] = [];
  let reordered = before.length !== after.length;
  for (let k = 0; k < after.length; k++) {
    const now = after[k] as IrVirtualHost;
    if (!reordered && before[k]?.hostname !== now.hostname) reordered = true;
    const was = oldHosts.get(now.hostname);
    if (was !== now && (was === undefined || virtualHostHash(was, cache) !== virtualHostHash(now, cache))) upsert.push(now);
  }
  const remove: string[] = [];
  if (reordered) {
    const kept = new Set(after.map((v) => v.hostname));
    for (const v of before) if (!kept.has(v.hostname)) remove.push(v.hostname);
  }
  return { upsert, remove, reordered };
}

/**
 * The upserts when the hostname sequence is unchanged (routes edited, none of their hostnames
 * added or dropped: the usual change), by position, with no index of the old hosts; undefined
 * when the sequence differs.
 */
function diffVirtualHostsInPlace(before: readonly IrVirtualHost[], after: readonly IrVirtualHost[], cache?: SnapshotHashCache): IrVirtualHost[] | undefined {
  if (before.length !== after.length) return undefined;
  const upsert: IrVirtualHost[] = [];
  for (let k = 0; k < after.length; k++) {
    const was = before[k] as IrVirtualHost;
    const now = after[k] as IrVirtualHost;
    if (was === now) continue;
    if (was.hostname !== now.hostname) return undefined;
    if (virtualHostHash(was, cache) !== virtualHostHash(now, cache)) upsert.push(now);
  }
  return upsert;
}
