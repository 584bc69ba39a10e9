import { describe, expect, it } from 'vitest';
import { computeSnapshotVersion, createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { checkSnapshot, checkSnapshotDelta } from '@/lib/ir/protocol';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { sampleSnapshot } from '@/lib/ir/testdata/sample-snapshot';
import { checkSnapshotDeltaInPlace, checkSnapshotInPlace, checkSnapshotSteps } from '@/server/proxy/check-snapshot-in-place';
import { buildTestSnapshot, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';

const wire = (s: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;

/** Every path to a value in `v` (objects and arrays walked), for mutating one at a time. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [at];
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

function mutate(root: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

/** Every copy of `root` with one value (at any depth) replaced by one of a few wrong ones, and the path it changed. */
function* corruptions(root: Record<string, unknown>): Generator<[string, Record<string, unknown>]> {
  const values: unknown[] = [null, 'x', -1, 70000, [], {}, true];
  for (const path of paths(root).filter((p) => p.length > 0)) {
    for (const value of values) {
      const corrupted = wire(root);
      mutate(corrupted, path, value);
      yield [path.join('.'), corrupted];
    }
  }
}

/** The verdict as the tests compare it. */
const verdict = (check: { ok: true } | { ok: false; reason: string }) => ({ ok: check.ok, reason: check.ok ? '' : check.reason });

describe('checkSnapshotInPlace', () => {
  it('accepts a received snapshot and keeps the received rule and virtual-host objects (no copy)', () => {
    const received = wire(sampleSnapshot());
    const check = checkSnapshotInPlace(received, createSnapshotHashCache());
    if (!check.ok) throw new Error(check.reason);
    const listener = (received.listeners as { rules: unknown[]; virtualHosts: unknown[] }[])[0]!;
    expect(check.snapshot.listeners[0]!.rules).toBe(listener.rules);
    expect(check.snapshot.listeners[0]!.virtualHosts).toBe(listener.virtualHosts);
    expect(check.snapshot).toEqual(sampleSnapshot());
    expect(computeSnapshotVersion(check.snapshot)).toBe(sampleSnapshot().version);
  });

  it('gives checkSnapshot\'s verdict and reason for every single-value corruption', () => {
    let compared = 0;
    for (const [path, corrupted] of corruptions(wire(sampleSnapshot()))) {
      expect(verdict(checkSnapshotInPlace(wire(corrupted), createSnapshotHashCache())), path).toEqual(verdict(checkSnapshot(corrupted)));
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('like checkSnapshot, refuses fields it does not know (the version covers them, the parsed parts do not)', () => {
    const withExtra = wire(sampleSnapshot());
    const rules = (withExtra.listeners as { rules: Record<string, unknown>[] }[])[0]!.rules;
    rules[0]!.teleport = true;
    withExtra.version = computeSnapshotVersion(withExtra as unknown as RoutingSnapshot);
    const expected = checkSnapshot(wire(withExtra));
    const actual = checkSnapshotInPlace(wire(withExtra), createSnapshotHashCache());
    expect(expected.ok).toBe(false);
    expect(actual).toEqual(expected);
  });

  it('leaves the hash cache ready for deltas against the kept snapshot', () => {
    const base = sampleSnapshot();
    const cache = createSnapshotHashCache();
    const check = checkSnapshotInPlace(wire(base), cache);
    if (!check.ok) throw new Error(check.reason);
    const next = versionSnapshot({ ...base, listeners: [{ ...base.listeners[0]!, virtualHosts: base.listeners[0]!.virtualHosts.slice(1) }] });
    const applied = checkSnapshotDelta(wire(diffSnapshots(base, next)), check.snapshot, cache);
    expect(applied.ok && applied.snapshot.version).toBe(next.version);
  });
});

describe('checkSnapshotSteps', () => {
  it('pauses every 16 rules or virtual hosts, with the verdict of the check run at once', () => {
    const routes = Array.from({ length: 160 }, (_, i) => ({ name: `r${i}`, hostnames: [`h${i}.com`], backends: [serviceBackend('s', [{ address: '127.0.0.1', port: 9000 }])] }));
    const received = wire(buildTestSnapshot([{ name: 'http', port: 80, routes }]));
    const steps = checkSnapshotSteps(received, createSnapshotHashCache());
    let pauses = 0;
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) pauses++;
    expect(pauses).toBe(20); // 160 rules and 160 virtual hosts
    expect(verdict(step.value)).toEqual(verdict(checkSnapshotInPlace(wire(received), createSnapshotHashCache())));
    expect(step.value.ok).toBe(true);
  });
});

describe('checkSnapshotDeltaInPlace', () => {
  /** A delta that adds a virtual host with a new rule, drops another host, and edits a rule: every part kind present. */
  function sampleDelta(): { base: RoutingSnapshot; next: RoutingSnapshot; delta: Record<string, unknown> } {
    const base = sampleSnapshot();
    const listener = base.listeners[0]!;
    const [first, ...rest] = listener.rules;
    const edited = { ...first!, filters: [] };
    const added = { ...first!, id: `${first!.id}-added` };
    const hosts = [...listener.virtualHosts.slice(1), { hostname: 'added.example.com', routes: listener.virtualHosts[0]!.routes.map((r) => ({ ...r, rule: added.id })) }];
    const next = versionSnapshot({ ...base, listeners: [{ ...listener, rules: [edited, ...rest, added].sort((a, b) => (a.id < b.id ? -1 : 1)), virtualHosts: hosts }, ...base.listeners.slice(1)] });
    return { base, next, delta: wire(diffSnapshots(base, next)) };
  }

  it('applies a received delta keeping the received rule and virtual-host objects (no copy)', () => {
    const { base, next, delta } = sampleDelta();
    const check = checkSnapshotDeltaInPlace(delta, base, createSnapshotHashCache());
    if (!check.ok) throw new Error(check.reason);
    expect(check.snapshot).toEqual(next);
    const patch = (delta.upsertListeners as { upsertRules: object[]; upsertVirtualHosts: object[] }[])[0]!;
    expect(patch.upsertRules.length).toBeGreaterThan(0);
    expect(patch.upsertVirtualHosts.length).toBeGreaterThan(0);
    const kept = new Set<object>([...check.snapshot.listeners[0]!.rules, ...check.snapshot.listeners[0]!.virtualHosts]);
    for (const part of [...patch.upsertRules, ...patch.upsertVirtualHosts]) expect(kept.has(part)).toBe(true);
  });

  it("gives checkSnapshotDelta's verdict and reason for every single-value corruption", () => {
    const { base, delta } = sampleDelta();
    let compared = 0;
    for (const [path, corrupted] of corruptions(delta)) {
      expect(verdict(checkSnapshotDeltaInPlace(wire(corrupted), base, createSnapshotHashCache())), path).toEqual(verdict(checkSnapshotDelta(wire(corrupted), base)));
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('gives the same verdict for inputs that are not deltas at all', () => {
    const { base } = sampleDelta();
    for (const input of [null, 'x', 1, [], {}, { upsertListeners: [null] }, { upsertListeners: 'x', version: 1 }]) {
      const expected = checkSnapshotDelta(input, base);
      const actual = checkSnapshotDeltaInPlace(input, base, createSnapshotHashCache());
      expect(actual.ok ? '' : actual.reason, JSON.stringify(input)).toBe(expected.ok ? '' : expected.reason);
    }
  });
});
