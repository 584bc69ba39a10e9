import { listenerHash, listenerHeader, partHash, virtualHostHash, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import { type IrListener } from '@/lib/ir/listener';
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
  const oldRules = new Map((old?.rules ?? []).map((r) => [r.id, r]));
  const newRuleIds = new Set(listener.rules.map((r) => r.id));
  const oldHosts = new Map((old?.virtualHosts ?? []).map((v) => [v.hostname, v]));
  const newHostnames = listener.virtualHosts.map((v) => v.hostname);
  const patch: ListenerPatch = {
    name: listener.name,
    header: listenerHeader(listener),
    upsertRules: listener.rules.filter((r) => {
      const before = oldRules.get(r.id);
      return !before || partHash(before, cache) !== partHash(r, cache);
    }),
    removeRules: [...oldRules.keys()].filter((id) => !newRuleIds.has(id)),
    upsertVirtualHosts: listener.virtualHosts.filter((v) => {
      const before = oldHosts.get(v.hostname);
      return !before || virtualHostHash(before, cache) !== virtualHostHash(v, cache);
    }),
    removeVirtualHosts: [...oldHosts.keys()].filter((h) => !newHostnames.includes(h)),
  };
  const oldOrder = (old?.virtualHosts ?? []).map((v) => v.hostname);
  if (oldOrder.length !== newHostnames.length || oldOrder.some((h, i) => h !== newHostnames[i])) patch.virtualHostOrder = newHostnames;
  return patch;
}
