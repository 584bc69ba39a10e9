import { describe, expect, it } from 'vitest';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { computeSnapshotVersion, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';
import { type ListenerPatch, type SnapshotDelta } from '@/lib/ir/snapshot-delta';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { sampleSnapshot } from '@/lib/ir/testdata/sample-snapshot';
import { seededRandom } from '@/lib/testing/seeded-random';

/** The listener patch as applySnapshotDelta applied it before it merged in place: maps of everything, then a sort. */
function referencePatch(old: IrListener, patch: ListenerPatch): IrListener | string {
  const rules = new Map<string, IrRule>(old.rules.map((r) => [r.id, r]));
  for (const id of patch.removeRules) rules.delete(id);
  for (const r of patch.upsertRules) rules.set(r.id, r);
  const hosts = new Map<string, IrVirtualHost>(old.virtualHosts.map((v) => [v.hostname, v]));
  for (const h of patch.removeVirtualHosts) hosts.delete(h);
  for (const v of patch.upsertVirtualHosts) hosts.set(v.hostname, v);
  const order = patch.virtualHostOrder ?? old.virtualHosts.map((v) => v.hostname);
  if (order.length !== hosts.size || order.some((h) => !hosts.has(h))) return 'virtualHostOrder does not list exactly the resulting virtual hosts';
  return { ...patch.header, rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), virtualHosts: order.map((h) => hosts.get(h)!) };
}

const template = sampleSnapshot().listeners[0]!;
const rule = (n: number, v = 0): IrRule => ({ ...template.rules[0]!, id: `HTTPRoute/ns/r${String(n).padStart(3, '0')}/0`, filters: v === 0 ? [] : template.rules[0]!.filters });
const host = (n: number, v = 0): IrVirtualHost => ({ hostname: `h${n}.example.com`, routes: v === 0 ? [] : template.virtualHosts[0]!.routes });

function baseSnapshot(): RoutingSnapshot {
  const listener: IrListener = { ...template, rules: Array.from({ length: 30 }, (_, n) => rule(n * 2)), virtualHosts: Array.from({ length: 12 }, (_, n) => host(n)) };
  return versionSnapshot({ ...sampleSnapshot(), listeners: [listener] });
}

/** A delta carrying `patch`, versioned with what the reference makes of it (or a dummy version when it refuses). */
function deltaOf(base: RoutingSnapshot, patch: Omit<ListenerPatch, 'name' | 'header'>): SnapshotDelta {
  const { rules: _r, virtualHosts: _v, ...header } = base.listeners[0]!;
  const full: ListenerPatch = { name: header.name, header, ...patch };
  const expected = referencePatch(base.listeners[0]!, full);
  const version = typeof expected === 'string' ? 'ffffffffffffffff' : computeSnapshotVersion({ ...base, listeners: [expected] });
  return { schemaVersion: base.schemaVersion, baseVersion: base.version, version, upsertListeners: [full], removeListeners: [], upsertCertificates: [], removeCertificates: [] };
}

const NO_EDITS = { upsertRules: [], removeRules: [], upsertVirtualHosts: [], removeVirtualHosts: [] };

describe('applySnapshotDelta: in-place merge', () => {
  it('keeps the very arrays a patch does not touch (nothing copied for them)', () => {
    const base = baseSnapshot();
    const onlyHosts = applySnapshotDelta(base, deltaOf(base, { ...NO_EDITS, upsertVirtualHosts: [host(3, 1)] }));
    if (!onlyHosts.ok) throw new Error(onlyHosts.reason);
    expect(onlyHosts.snapshot.listeners[0]!.rules).toBe(base.listeners[0]!.rules);
    expect(onlyHosts.snapshot.listeners[0]!.virtualHosts).not.toBe(base.listeners[0]!.virtualHosts);
    const onlyRules = applySnapshotDelta(base, deltaOf(base, { ...NO_EDITS, upsertRules: [rule(4, 1)] }));
    if (!onlyRules.ok) throw new Error(onlyRules.reason);
    expect(onlyRules.snapshot.listeners[0]!.virtualHosts).toBe(base.listeners[0]!.virtualHosts);
    const after = onlyRules.snapshot.listeners[0]!.rules;
    expect(after.filter((r, i) => r !== base.listeners[0]!.rules[i]).map((r) => r.id)).toEqual(['HTTPRoute/ns/r004/0']);
  });

  it.each<[string, Omit<ListenerPatch, 'name' | 'header'>]>([
    ['a rule replaced', { ...NO_EDITS, upsertRules: [rule(10, 1)] }],
    ['rules inserted first, between and last', { ...NO_EDITS, upsertRules: [rule(99), rule(5), rule(-1)] }],
    ['rules removed, one of them unknown', { ...NO_EDITS, removeRules: ['HTTPRoute/ns/r000/0', 'HTTPRoute/ns/r058/0', 'HTTPRoute/ns/r777/0'] }],
    ['a rule removed and upserted again', { ...NO_EDITS, removeRules: ['HTTPRoute/ns/r010/0'], upsertRules: [rule(10, 1)] }],
    ['the same rule upserted twice (the last wins)', { ...NO_EDITS, upsertRules: [rule(12, 1), rule(12, 0), rule(13)] }],
    ['a host replaced in place', { ...NO_EDITS, upsertVirtualHosts: [host(0, 1), host(11, 1)] }],
    ['a host added in front', { ...NO_EDITS, upsertVirtualHosts: [host(50)], virtualHostOrder: ['h50.example.com', ...baseSnapshot().listeners[0]!.virtualHosts.map((v) => v.hostname)] }],
    ['hosts added and removed', { ...NO_EDITS, upsertVirtualHosts: [host(50), host(51, 1)], removeVirtualHosts: ['h3.example.com', 'h7.example.com'], virtualHostOrder: ['h0.example.com', 'h1.example.com', 'h2.example.com', 'h50.example.com', 'h4.example.com', 'h5.example.com', 'h6.example.com', 'h8.example.com', 'h9.example.com', 'h10.example.com', 'h11.example.com', 'h51.example.com'] }],
    ['a host moved (not a merge: the map path)', { ...NO_EDITS, virtualHostOrder: ['h11.example.com', ...Array.from({ length: 11 }, (_, n) => `h${n}.example.com`)] }],
    ['an upserted host moved', { ...NO_EDITS, upsertVirtualHosts: [host(11, 1)], virtualHostOrder: ['h11.example.com', ...Array.from({ length: 11 }, (_, n) => `h${n}.example.com`)] }],
    ['a removed host upserted again, without an order', { ...NO_EDITS, removeVirtualHosts: ['h2.example.com'], upsertVirtualHosts: [host(2, 1)] }],
    ['an order naming a host twice (the maps let a duplicate hide a missing host; the version check refuses it)', { ...NO_EDITS, upsertVirtualHosts: [host(50)], virtualHostOrder: ['h50.example.com', 'h50.example.com', ...Array.from({ length: 11 }, (_, n) => `h${n}.example.com`)] }],
    ['a removed host upserted again', { ...NO_EDITS, removeVirtualHosts: ['h2.example.com'], upsertVirtualHosts: [host(2, 1)], virtualHostOrder: Array.from({ length: 12 }, (_, n) => `h${n}.example.com`) }],
  ])('%s: the same listener as maps and a sort made', (_why, patch) => {
    const base = baseSnapshot();
    const delta = deltaOf(base, patch);
    const applied = applySnapshotDelta(base, delta);
    if (!applied.ok) throw new Error(applied.reason);
    const expected = referencePatch(base.listeners[0]!, delta.upsertListeners[0]!);
    expect(applied.snapshot.listeners[0]).toEqual(expected);
    expect(applied.snapshot.version).toBe(delta.version);
  });

  it.each<[string, Omit<ListenerPatch, 'name' | 'header'>]>([
    ['a new host without an order', { ...NO_EDITS, upsertVirtualHosts: [host(50)] }],
    ['a host removed without an order', { ...NO_EDITS, removeVirtualHosts: ['h1.example.com'] }],
    ['an order missing a host', { ...NO_EDITS, virtualHostOrder: Array.from({ length: 11 }, (_, n) => `h${n}.example.com`) }],
    ['an order naming a removed host', { ...NO_EDITS, removeVirtualHosts: ['h0.example.com'], virtualHostOrder: Array.from({ length: 12 }, (_, n) => `h${n}.example.com`) }],
  ])('refuses %s, as the maps did', (_why, patch) => {
    const base = baseSnapshot();
    const delta = deltaOf(base, patch);
    expect(referencePatch(base.listeners[0]!, delta.upsertListeners[0]!)).toMatch(/virtualHostOrder/);
    const applied = applySnapshotDelta(base, delta);
    expect(applied.ok).toBe(false);
    if (!applied.ok) expect(applied.reason).toMatch(/virtualHostOrder does not list exactly/);
  });

  it('agrees with the maps over random patches (seeded)', () => {
    const random = seededRandom(11);
    let base = baseSnapshot();
    for (let step = 0; step < 300; step++) {
      const hostnames = base.listeners[0]!.virtualHosts.map((v) => v.hostname);
      const upsertRules = Array.from({ length: random(4) }, () => rule(random(80), random(2)));
      const removeRules = Array.from({ length: random(3) }, () => rule(random(80)).id);
      const upsertVirtualHosts = Array.from({ length: random(3) }, () => host(random(20), random(2)));
      const removeVirtualHosts = Array.from({ length: random(2) }, () => `h${random(20)}.example.com`);
      let order: string[] | undefined;
      if (random(2) === 0) {
        // Mostly valid orders (hosts inserted where they land), sometimes a shuffle or a bad one.
        const kept = hostnames.filter((h) => !removeVirtualHosts.includes(h) || upsertVirtualHosts.some((v) => v.hostname === h));
        order = [...new Set([...kept, ...upsertVirtualHosts.map((v) => v.hostname)])];
        if (random(4) === 0) order.reverse();
        if (random(8) === 0) order.pop();
      }
      const delta = deltaOf(base, { upsertRules, removeRules, upsertVirtualHosts, removeVirtualHosts, ...(order ? { virtualHostOrder: order } : {}) });
      const expected = referencePatch(base.listeners[0]!, delta.upsertListeners[0]!);
      const applied = applySnapshotDelta(base, delta);
      expect(applied.ok, `step ${step}`).toBe(typeof expected !== 'string');
      if (applied.ok) {
        expect(applied.snapshot.listeners[0]).toEqual(expected);
        base = applied.snapshot;
      }
    }
  });
});
