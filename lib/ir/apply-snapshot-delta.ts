import { computeSnapshotVersion, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';
import { type ListenerPatch, type SnapshotDelta } from '@/lib/ir/snapshot-delta';
import { type IrCertificate, type RoutingSnapshot } from '@/lib/ir/snapshot';

export type DeltaResult = { ok: true; snapshot: RoutingSnapshot } | { ok: false; reason: string };

/**
 * Applies a delta to the snapshot it was made against (proxy side). Unchanged rules, virtual
 * hosts, listeners and certificates keep their object identity, so hash and compile caches
 * keyed by identity skip them. The result must hash to `delta.version`; on any mismatch the
 * caller keeps `base` and asks for a full snapshot.
 */
export function applySnapshotDelta(base: RoutingSnapshot, delta: SnapshotDelta, cache?: SnapshotHashCache): DeltaResult {
  if (delta.baseVersion !== base.version) {
    return { ok: false, reason: `delta is against version ${delta.baseVersion}, this proxy has ${base.version}` };
  }
  if (delta.schemaVersion !== base.schemaVersion) return { ok: false, reason: `delta schemaVersion ${delta.schemaVersion} differs from ${base.schemaVersion}` };
  const listeners = new Map(base.listeners.map((l) => [l.name, l]));
  for (const name of delta.removeListeners) listeners.delete(name);
  for (const patch of delta.upsertListeners) {
    const patched = patchListener(listeners.get(patch.name), patch);
    if (typeof patched === 'string') return { ok: false, reason: `listener ${patch.name}: ${patched}` };
    listeners.set(patch.name, patched);
  }
  const certificates = new Map<string, IrCertificate>(base.certificates.map((c) => [c.id, c]));
  for (const id of delta.removeCertificates) certificates.delete(id);
  for (const c of delta.upsertCertificates) certificates.set(c.id, c);
  const body = {
    schemaVersion: base.schemaVersion,
    listeners: [...listeners.values()].sort((a, b) => a.port - b.port || byString(a.name, b.name)),
    certificates: [...certificates.values()].sort((a, b) => byString(a.id, b.id)),
  };
  const version = computeSnapshotVersion(body, cache);
  if (version !== delta.version) return { ok: false, reason: `delta result hashes to ${version}, expected ${delta.version}` };
  return { ok: true, snapshot: { ...body, version } };
}

function patchListener(old: IrListener | undefined, patch: ListenerPatch): IrListener | string {
  const rules = new Map<string, IrRule>((old?.rules ?? []).map((r) => [r.id, r]));
  for (const id of patch.removeRules) rules.delete(id);
  for (const r of patch.upsertRules) rules.set(r.id, r);
  const hosts = new Map<string, IrVirtualHost>((old?.virtualHosts ?? []).map((v) => [v.hostname, v]));
  for (const h of patch.removeVirtualHosts) hosts.delete(h);
  for (const v of patch.upsertVirtualHosts) hosts.set(v.hostname, v);
  const order = patch.virtualHostOrder ?? (old?.virtualHosts ?? []).map((v) => v.hostname);
  if (order.length !== hosts.size || order.some((h) => !hosts.has(h))) return 'virtualHostOrder does not list exactly the resulting virtual hosts';
  return {
    ...patch.header,
    rules: [...rules.values()].sort((a, b) => byString(a.id, b.id)),
    virtualHosts: order.map((h) => hosts.get(h) as IrVirtualHost),
  };
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
