import { afterEach, describe, expect, it } from 'vitest';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { type IrListener } from '@/lib/ir/listener';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { compileConfig, createCompileCaches } from '@/server/proxy/compile-config';
import { EndpointRefs } from '@/server/proxy/endpoint-refs';
import { ProxyStats } from '@/server/proxy/proxy-stats';
import { buildTestSnapshot, serviceBackend } from '@/server/proxy/testing/proxy-test-snapshot';
import { UpstreamPools } from '@/server/proxy/upstream-pools';

const pools = new UpstreamPools();
afterEach(() => pools.destroy());

/** 200 routes on 40 hosts; route n sends to port 9000 + n % 3. */
function snapshot(listeners = ['a']): RoutingSnapshot {
  return buildTestSnapshot(
    listeners.map((name, i) => ({
      name,
      port: 80 + i,
      routes: Array.from({ length: 200 }, (_, n) => ({ name: `r${String(n).padStart(3, '0')}`, hostnames: [`h${n % 40}.com`], matches: [{ path: { type: 'PathPrefix' as const, value: `/p${n}` } }], backends: [serviceBackend('s', [{ address: '127.0.0.1', port: 9000 + (n % 3) }])] })),
    })),
  );
}

/** `next` as the proxy gets it: a delta applied to `base` (unchanged parts keep their objects). */
function viaDelta(base: RoutingSnapshot, next: RoutingSnapshot): RoutingSnapshot {
  const applied = applySnapshotDelta(base, diffSnapshots(base, next));
  if (!applied.ok) throw new Error(applied.reason);
  return applied.snapshot;
}

const withListener = (s: RoutingSnapshot, edit: (l: IrListener) => IrListener): RoutingSnapshot => versionSnapshot({ ...s, listeners: s.listeners.map((l, i) => (i === 0 ? edit(l) : l)) });

describe('compileConfig against the config it replaces', () => {
  it('compiles every rule of a first snapshot', () => {
    const s = snapshot();
    const update = compileConfig(s, createCompileCaches(), pools, new ProxyStats());
    expect(update.entered).toHaveLength(200);
    expect(update.left).toEqual([]);
    expect(update.config.rules.get(s.listeners[0]!.rules[7]!)?.id).toBe(s.listeners[0]!.rules[7]!.id);
  });

  it('a delta of one rule: that rule enters and leaves, every other compiled rule and the rule lookup are shared', () => {
    const caches = createCompileCaches();
    const stats = new ProxyStats();
    const base = snapshot();
    const first = compileConfig(base, caches, pools, stats);
    const next = viaDelta(base, withListener(base, (l) => ({ ...l, rules: l.rules.map((r, i) => (i === 5 ? { ...r, backends: [serviceBackend('s', [{ address: '127.0.0.1', port: 9100 }])] } : r)) })));
    const second = compileConfig(next, caches, pools, stats, first.config);
    const [oldRule, newRule] = [base.listeners[0]!.rules[5]!, next.listeners[0]!.rules[5]!];
    expect(second.entered.map((c) => c.id)).toEqual([newRule.id]);
    expect(second.left).toEqual([first.config.rules.get(oldRule)]);
    // No per-config map of all rules: both configs answer through the one shared lookup.
    expect(second.config.rules).toBe(first.config.rules);
    expect(second.config.rules.get(newRule)?.endpointKeys).toEqual(['127.0.0.1:9100']);
    expect(first.config.rules.get(oldRule)?.endpointKeys).toEqual(['127.0.0.1:9002']);
    for (const [i, rule] of next.listeners[0]!.rules.entries()) if (i !== 5) expect(rule).toBe(base.listeners[0]!.rules[i]);
    // Its virtual host was compiled again (its hit holds the new rule); the others are the very same objects.
    const hosts = (c: typeof first) => c.config.table.listeners.get('test/gw/a')!.hosts.items;
    const changed = hosts(second).filter((v, i) => v !== hosts(first)[i]);
    expect(changed.map((v) => v!.virtualHost.hostname)).toEqual(['h5.com']);
  });

  it('a listener removed: all its rules leave; a listener added: all its rules enter', () => {
    const caches = createCompileCaches();
    const stats = new ProxyStats();
    const both = snapshot(['a', 'b']);
    const first = compileConfig(both, caches, pools, stats);
    const onlyB = viaDelta(both, versionSnapshot({ ...both, listeners: both.listeners.slice(1) }));
    const second = compileConfig(onlyB, caches, pools, stats, first.config);
    expect(second.entered).toEqual([]);
    expect(second.left.map((c) => c.listener)).toEqual(Array(200).fill('test/gw/a'));
    const third = compileConfig(both, caches, pools, stats, second.config);
    expect(third.entered.map((c) => c.listener)).toEqual(Array(200).fill('test/gw/a'));
    expect(third.left).toEqual([]);
  });
});

describe('EndpointRefs', () => {
  it('keeps an endpoint while any served rule names it and releases it with the last', () => {
    const caches = createCompileCaches();
    const stats = new ProxyStats();
    const refs = new EndpointRefs();
    const base = snapshot();
    const first = compileConfig(base, caches, pools, stats);
    expect(refs.update(first.entered, first.left)).toBe(false);
    expect([...refs.inUse].sort()).toEqual(['127.0.0.1:9000', '127.0.0.1:9001', '127.0.0.1:9002']);
    // Move every rule off 9002 but one; then that one too.
    const moved = (keep: boolean) => (l: IrListener) => ({ ...l, rules: l.rules.map((r, i) => (i % 3 === 2 && !(keep && i === 2) ? { ...r, backends: [serviceBackend('s', [{ address: '127.0.0.1', port: 9000 }])] } : r)) });
    const almost = viaDelta(base, withListener(base, moved(true)));
    const second = compileConfig(almost, caches, pools, stats, first.config);
    expect(refs.update(second.entered, second.left)).toBe(false);
    expect(refs.inUse.has('127.0.0.1:9002')).toBe(true);
    const gone = viaDelta(almost, withListener(almost, moved(false)));
    const third = compileConfig(gone, caches, pools, stats, second.config);
    expect(third.entered).toHaveLength(1);
    expect(refs.update(third.entered, third.left)).toBe(true);
    expect([...refs.inUse].sort()).toEqual(['127.0.0.1:9000', '127.0.0.1:9001']);
  });
});
