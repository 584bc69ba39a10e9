import { describe, expect, it } from 'vitest';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { computeSnapshotVersion, createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { type IrListener } from '@/lib/ir/listener';
import { checkSnapshotDelta } from '@/lib/ir/protocol';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { sampleSnapshot } from '@/lib/ir/testdata/sample-snapshot';
import { seededRandom } from '@/lib/testing/seeded-random';

type Edit = (s: RoutingSnapshot) => RoutingSnapshot;

/** Edits that share every untouched object with the base, as a memoising translator would. */
const withListener = (s: RoutingSnapshot, edit: (l: IrListener) => IrListener): RoutingSnapshot =>
  versionSnapshot({ ...s, listeners: s.listeners.map((l, i) => (i === 0 ? edit(l) : l)) });

const EDITS: [string, Edit, (d: ReturnType<typeof diffSnapshots>) => void][] = [
  ['nothing changed', (s) => versionSnapshot(s), (d) => expect(d.upsertListeners).toEqual([])],
  [
    'one rule changed',
    (s) => withListener(s, (l) => ({ ...l, rules: l.rules.map((r, i) => (i === 0 ? { ...r, filters: [] } : r)) })),
    (d) => {
      expect(d.upsertListeners[0]?.upsertRules.map((r) => r.id)).toEqual(['GRPCRoute/team-b/pay/0']);
      expect(d.upsertListeners[0]?.upsertVirtualHosts).toEqual([]);
      expect(d.upsertListeners[0]?.virtualHostOrder).toBeUndefined();
    },
  ],
  [
    'a rule removed with its entries',
    (s) => withListener(s, (l) => ({ ...l, rules: l.rules.filter((r) => r.id !== 'HTTPRoute/team-a/shop/1'), virtualHosts: l.virtualHosts.map((v) => ({ ...v, routes: v.routes.filter((r) => r.rule !== 'HTTPRoute/team-a/shop/1') })) })),
    (d) => {
      expect(d.upsertListeners[0]?.removeRules).toEqual(['HTTPRoute/team-a/shop/1']);
      // Compared by content: `*.example.com` is a new object with the same entries, so it is not resent.
      expect(d.upsertListeners[0]?.upsertVirtualHosts.map((v) => v.hostname)).toEqual(['shop.example.com']);
    },
  ],
  [
    'a virtual host added in front',
    (s) => withListener(s, (l) => ({ ...l, virtualHosts: [{ hostname: 'a.example.com', routes: [] }, ...l.virtualHosts] })),
    (d) => {
      expect(d.upsertListeners[0]?.upsertVirtualHosts.map((v) => v.hostname)).toEqual(['a.example.com']);
      expect(d.upsertListeners[0]?.virtualHostOrder).toEqual(['a.example.com', 'shop.example.com', '*.example.com']);
    },
  ],
  [
    'a virtual host edited in place',
    (s) => withListener(s, (l) => ({ ...l, virtualHosts: l.virtualHosts.map((v, i) => (i === 1 ? { ...v, routes: v.routes.slice(1) } : v)) })),
    (d) => {
      expect(d.upsertListeners[0]?.upsertVirtualHosts.map((v) => v.hostname)).toEqual(['*.example.com']);
      expect(d.upsertListeners[0]?.removeVirtualHosts).toEqual([]);
      expect(d.upsertListeners[0]?.virtualHostOrder).toBeUndefined();
    },
  ],
  [
    'a virtual host removed',
    (s) => withListener(s, (l) => ({ ...l, virtualHosts: l.virtualHosts.slice(0, 1) })),
    (d) => expect(d.upsertListeners[0]?.removeVirtualHosts).toEqual(['*.example.com']),
  ],
  [
    'listener header changed',
    (s) => withListener(s, (l) => ({ ...l, hostname: '*.example.org' })),
    (d) => {
      expect(d.upsertListeners[0]?.header.hostname).toBe('*.example.org');
      expect(d.upsertListeners[0]?.upsertRules).toEqual([]);
    },
  ],
  [
    'a listener added and the old one removed',
    (s) => versionSnapshot({ ...s, listeners: [{ ...(s.listeners[0] as IrListener), name: 'infra/public/other', listenerName: 'other' }] }),
    (d) => {
      expect(d.removeListeners).toEqual(['infra/public/https']);
      expect(d.upsertListeners[0]?.upsertRules).toHaveLength(3);
    },
  ],
  [
    'certificate rotated',
    (s) => versionSnapshot({ ...s, certificates: [{ ...(s.certificates[0] as RoutingSnapshot['certificates'][number]), id: 'infra/wildcard-cert@fedcba9876543210', certificatePem: 'new' }] }),
    (d) => {
      expect(d.upsertCertificates.map((c) => c.id)).toEqual(['infra/wildcard-cert@fedcba9876543210']);
      expect(d.removeCertificates).toEqual(['infra/wildcard-cert@0123456789abcdef']);
    },
  ],
];

describe('diffSnapshots + applySnapshotDelta', () => {
  it.each(EDITS)('%s: the delta reproduces the next snapshot exactly', (_why, edit, inspect) => {
    const base = sampleSnapshot();
    const next = edit(base);
    const cache = createSnapshotHashCache();
    const delta = diffSnapshots(base, next, cache);
    inspect(delta);
    const applied = applySnapshotDelta(base, delta, createSnapshotHashCache());
    expect(applied.ok).toBe(true);
    if (applied.ok) {
      expect(applied.snapshot.version).toBe(next.version);
      expect(applied.snapshot).toEqual(next);
    }
  });

  it('reproduces the next snapshot over random rule and virtual-host edits (seeded)', () => {
    const random = seededRandom(7);
    const template = sampleSnapshot().listeners[0]!;
    const rule = (n: number, v: number) => ({ ...template.rules[0]!, id: `HTTPRoute/ns/r${String(n).padStart(3, '0')}/0`, filters: v === 0 ? template.rules[0]!.filters : [] });
    const host = (n: number, v: number) => ({ hostname: `h${n}.example.com`, routes: v === 0 ? template.virtualHosts[0]!.routes : [] });
    let rules = Array.from({ length: 40 }, (_, n) => rule(n * 2, 0));
    let hosts = Array.from({ length: 20 }, (_, n) => host(n, 0));
    const cache = createSnapshotHashCache();
    let current = versionSnapshot({ ...sampleSnapshot(), listeners: [{ ...template, rules, virtualHosts: hosts }] }, cache);
    for (let step = 0; step < 90; step++) {
      const n = random(100);
      const i = rules.findIndex((r) => r.id === rule(n, 0).id);
      if (i >= 0 && random(2) === 0) rules = rules.filter((_, k) => k !== i);
      else rules = [...rules.filter((r) => r.id !== rule(n, 0).id), rule(n, random(2))].sort((a, b) => (a.id < b.id ? -1 : 1));
      const h = random(30);
      const at = hosts.findIndex((v) => v.hostname === host(h, 0).hostname);
      const op = random(3);
      if (at >= 0 && op === 0) hosts = hosts.filter((_, k) => k !== at);
      // In place: the hostname sequence stays (the positional path of the diff).
      else if (at >= 0 && op === 1) hosts = hosts.map((v, k) => (k === at ? host(h, random(2)) : v));
      else hosts = [host(h, random(2)), ...hosts.filter((v) => v.hostname !== host(h, 0).hostname)];
      const next = versionSnapshot({ ...current, listeners: [{ ...current.listeners[0]!, rules, virtualHosts: hosts }] }, cache);
      // With the publisher's long-lived cache and without one: the same delta.
      const delta = diffSnapshots(current, next, cache);
      expect(diffSnapshots(current, next)).toEqual(delta);
      const applied = applySnapshotDelta(current, delta);
      if (!applied.ok) throw new Error(`step ${step}: ${applied.reason}`);
      expect(applied.snapshot).toEqual(next);
      current = next;
    }
  });

  it('keeps the identity of unchanged parts (so identity caches skip them)', () => {
    const base = sampleSnapshot();
    const next = EDITS[1]![1](base);
    const applied = applySnapshotDelta(base, diffSnapshots(base, next));
    if (!applied.ok) throw new Error(applied.reason);
    const [before, after] = [base.listeners[0]!, applied.snapshot.listeners[0]!];
    expect(after.rules[1]).toBe(before.rules[1]);
    expect(after.rules[0]).not.toBe(before.rules[0]);
    expect(after.virtualHosts[0]).toBe(before.virtualHosts[0]);
    expect(applied.snapshot.certificates[0]).toBe(base.certificates[0]);
  });

  it.each<[string, (d: ReturnType<typeof diffSnapshots>) => void, RegExp]>([
    ['against another base', (d) => (d.baseVersion = 'ffffffffffffffff'), /delta is against version ffffffffffffffff/],
    ['with a wrong target version', (d) => (d.version = 'ffffffffffffffff'), /expected ffffffffffffffff/],
    ['with a bad virtual host order', (d) => (d.upsertListeners[0]!.virtualHostOrder = ['a.example.com']), /virtualHostOrder/],
  ])('rejects a delta %s', (_why, spoil, reason) => {
    const base = sampleSnapshot();
    const delta = diffSnapshots(base, EDITS[3]![1](base));
    spoil(delta);
    const applied = applySnapshotDelta(base, delta);
    expect(applied.ok).toBe(false);
    if (!applied.ok) expect(applied.reason).toMatch(reason);
  });

  it('checkSnapshotDelta validates the wire form and applies it', () => {
    const base = sampleSnapshot();
    const next = EDITS[2]![1](base);
    const wire = JSON.parse(JSON.stringify(diffSnapshots(base, next))) as unknown;
    const check = checkSnapshotDelta(wire, base);
    expect(check.ok && check.snapshot.version).toBe(next.version);
    const bad = checkSnapshotDelta({ ...(wire as object), upsertListeners: [{ name: 'x' }] }, base);
    expect(!bad.ok && bad.reason).toMatch(/invalid snapshot delta at upsertListeners\.0\.header/);
  });
});

describe('tree hash cache', () => {
  it('gives the same version with or without a cache, and reuses cached parts', () => {
    const s = sampleSnapshot();
    const cache = createSnapshotHashCache();
    expect(computeSnapshotVersion(s, cache)).toBe(computeSnapshotVersion(s));
    expect(cache.has(s.listeners[0]!)).toBe(true);
    expect(cache.has(s.listeners[0]!.rules[0]!)).toBe(true);
    expect(computeSnapshotVersion(s, cache)).toBe(s.version);
  });
});
