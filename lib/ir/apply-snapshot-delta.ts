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

/**
 * The patched listener. Allocates for the patch, not for the listener: no map or sort of all
 * rules or hosts; each changed list is one new pointer array (the IR's shape), and a list the
 * patch does not touch is the old array itself.
 */
function patchListener(old: IrListener | undefined, patch: ListenerPatch): IrListener | string {
  const virtualHosts = patchVirtualHosts(old?.virtualHosts ?? [], patch);
  if (typeof virtualHosts === 'string') return virtualHosts;
  return { ...patch.header, rules: patchRules(old?.rules ?? [], patch.upsertRules, patch.removeRules), virtualHosts };
}

/**
 * `base` (sorted by id) with the upserts and removals merged in, still sorted by id. An upsert
 * wins over a removal of the same id, and the last upsert of an id wins (as if applied in turn).
 * A base that is not sorted gives a list that is not either, which then fails the version check.
 */
function patchRules(base: readonly IrRule[], upserts: readonly IrRule[], removes: readonly string[]): IrRule[] {
  if (upserts.length === 0 && removes.length === 0) return base as IrRule[];
  // The edits by id, sorted: null removes. O(k log k) for k edits.
  const byId = new Map<string, IrRule | null>();
  for (const id of removes) byId.set(id, null);
  for (const rule of upserts) byId.set(rule.id, rule);
  const ids = [...byId.keys()].sort(byString);
  // First walk: does the patch only replace rules that exist? Then the result is a copy with those slots changed.
  let replaceOnly = true;
  for (let i = 0, e = 0; e < ids.length && replaceOnly; ) {
    const id = ids[e] as string;
    const at = base[i];
    if (at !== undefined && at.id < id) i++;
    else {
      replaceOnly = at !== undefined && at.id === id && byId.get(id) !== null;
      e++;
    }
  }
  if (replaceOnly) {
    const out = base.slice();
    for (let i = 0, e = 0; e < ids.length; i++) {
      if ((out[i] as IrRule).id === ids[e]) out[i] = byId.get(ids[e++] as string) as IrRule;
    }
    return out;
  }
  // Second walk: the exact length, so the merge fills one array of that size (no growth copies).
  let length = base.length;
  for (let i = 0, e = 0; e < ids.length; ) {
    const id = ids[e] as string;
    const at = base[i];
    if (at !== undefined && at.id < id) i++;
    else {
      const present = at !== undefined && at.id === id;
      length += (byId.get(id) ? 1 : 0) - (present ? 1 : 0);
      if (present) i++;
      e++;
    }
  }
  const out = new Array<IrRule>(length);
  let i = 0;
  let n = 0;
  for (const id of ids) {
    while (i < base.length && (base[i] as IrRule).id < id) out[n++] = base[i++] as IrRule;
    if (i < base.length && (base[i] as IrRule).id === id) i++;
    const rule = byId.get(id);
    if (rule) out[n++] = rule;
  }
  while (i < base.length) out[n++] = base[i++] as IrRule;
  return out;
}

/** The virtual hosts after the patch, or why the patch does not fit `base`. */
function patchVirtualHosts(base: readonly IrVirtualHost[], patch: ListenerPatch): IrVirtualHost[] | string {
  const mismatch = 'virtualHostOrder does not list exactly the resulting virtual hosts';
  if (patch.virtualHostOrder === undefined) {
    // The sequence of hostnames stays: upserts replace hosts in place, nothing may be added or removed.
    if (patch.upsertVirtualHosts.length === 0 && patch.removeVirtualHosts.length === 0) return base as IrVirtualHost[];
    const upserts = new Map<string, IrVirtualHost>();
    for (const v of patch.upsertVirtualHosts) upserts.set(v.hostname, v);
    const removes = new Set(patch.removeVirtualHosts);
    const out = base.slice();
    let replaced = 0;
    for (let i = 0; i < out.length; i++) {
      const hostname = (out[i] as IrVirtualHost).hostname;
      const next = upserts.get(hostname);
      // Removed and upserted again: still there (removals apply first).
      if (next === undefined && removes.has(hostname)) return mismatch;
      if (next !== undefined) {
        out[i] = next;
        replaced++;
      }
    }
    return replaced === upserts.size ? out : mismatch;
  }
  return mergeVirtualHostOrder(base, patch, patch.virtualHostOrder) ?? orderedVirtualHosts(base, patch, patch.virtualHostOrder) ?? mismatch;
}

/**
 * A new sequence as one walk, for the usual case: the order is the base's hostnames, in the
 * base's order, with some removed and some upserted hosts inserted. Allocates the result and
 * sets of the patch's hostnames only. Returns undefined for anything else (a host moved, a
 * malformed patch): orderedVirtualHosts decides those.
 */
function mergeVirtualHostOrder(base: readonly IrVirtualHost[], patch: ListenerPatch, order: readonly string[]): IrVirtualHost[] | undefined {
  const upserts = new Map<string, IrVirtualHost>();
  for (const v of patch.upsertVirtualHosts) upserts.set(v.hostname, v);
  const removes = new Set(patch.removeVirtualHosts);
  const used = new Set<string>();
  const out = new Array<IrVirtualHost>(order.length);
  let i = 0;
  for (let j = 0; j < order.length; j++) {
    while (i < base.length && removes.has((base[i] as IrVirtualHost).hostname)) i++;
    const hostname = order[j] as string;
    const upsert = upserts.get(hostname);
    if (upsert !== undefined) {
      if (used.has(hostname)) return undefined;
      used.add(hostname);
    }
    if (i < base.length && (base[i] as IrVirtualHost).hostname === hostname) out[j] = upsert ?? (base[i++] as IrVirtualHost);
    else if (upsert !== undefined) out[j] = upsert;
    else return undefined;
  }
  while (i < base.length && removes.has((base[i] as IrVirtualHost).hostname)) i++;
  return i === base.length && used.size === upserts.size ? out : undefined;
}

/** Any new sequence: by hostname. The order lists every hostname, so a map of them costs what the patch already does. */
function orderedVirtualHosts(base: readonly IrVirtualHost[], patch: ListenerPatch, order: readonly string[]): IrVirtualHost[] | undefined {
  const hosts = new Map<string, IrVirtualHost>(base.map((v) => [v.hostname, v]));
  for (const h of patch.removeVirtualHosts) hosts.delete(h);
  for (const v of patch.upsertVirtualHosts) hosts.set(v.hostname, v);
  if (order.length !== hosts.size || order.some((h) => !hosts.has(h))) return undefined;
  return order.map((h) => hosts.get(h) as IrVirtualHost);
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
