import { afterEach, describe, expect, it } from 'vitest';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { type IrListener } from '@/lib/ir/listener';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { routingRequestFrom } from '@/lib/routing/request';
import { isRouteMiss, selectRoute } from '@/lib/routing/select-route';
import { type ActiveConfig, compileConfig, createCompileContext } from '@/server/proxy/compile-config';
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

/** The compiled rule a request for `/p<n>` on its host reaches (route n), as the proxy finds it. */
function compiledRuleOf(config: ActiveConfig, n: number, port = 80) {
  const hit = selectRoute(config.table, { ...routingRequestFrom({ path: `/p${n}` }), listenerAddress: '127.0.0.1', listenerPort: port, host: `h${n % 40}.com` });
  if (isRouteMiss(hit)) throw new Error(`route ${n}: ${hit.none}`);
  return hit.target;
}

describe('compileConfig against the config it replaces', () => {
  it('compiles every rule of a first snapshot', () => {
    const s = snapshot();
    const context = createCompileContext(pools, new ProxyStats());
    const update = compileConfig(s, context);
    expect(update.entered).toHaveLength(200);
    expect(update.left).toEqual([]);
    // A hit carries the very compiled rule that entered (no lookup on the request path).
    const rule7 = context.rules.get(s.listeners[0]!.rules.find((r) => r.id.includes('/r007/'))!);
    expect(compiledRuleOf(update.config, 7)).toBe(rule7);
    expect(update.entered).toContain(rule7);
    expect(rule7?.endpointKeys).toEqual(['127.0.0.1:9001']);
  });

  it('a delta of one rule: that rule enters and leaves, every other compiled rule is shared', () => {
    const context = createCompileContext(pools, new ProxyStats());
    const base = snapshot();
    const first = compileConfig(base, context);
    const next = viaDelta(base, withListener(base, (l) => ({ ...l, rules: l.rules.map((r, i) => (i === 5 ? { ...r, backends: [serviceBackend('s', [{ address: '127.0.0.1', port: 9100 }])] } : r)) })));
    const second = compileConfig(next, context, first.config);
    const [oldRule, newRule] = [base.listeners[0]!.rules[5]!, next.listeners[0]!.rules[5]!];
    expect(second.entered.map((c) => c.id)).toEqual([newRule.id]);
    expect(second.left).toEqual([context.rules.get(oldRule)]);
    // Each config's hits carry their own version of the rule; the other rules are the same compiled objects.
    expect(compiledRuleOf(second.config, 5)).toBe(second.entered[0]);
    expect(compiledRuleOf(second.config, 5).endpointKeys).toEqual(['127.0.0.1:9100']);
    expect(compiledRuleOf(first.config, 5)).toBe(second.left[0]);
    expect(compiledRuleOf(first.config, 5).endpointKeys).toEqual(['127.0.0.1:9002']);
    for (const n of [4, 6, 45, 199]) expect(compiledRuleOf(second.config, n)).toBe(compiledRuleOf(first.config, n));
    for (const [i, rule] of next.listeners[0]!.rules.entries()) if (i !== 5) expect(rule).toBe(base.listeners[0]!.rules[i]);
    // Its virtual host was compiled again (its hit holds the new rule); the others are the very same objects.
    const hosts = (c: typeof first) => c.config.table.listeners.get('test/gw/a')!.hosts.items;
    const changed = hosts(second).filter((v, i) => v !== hosts(first)[i]);
    expect(changed.map((v) => v!.virtualHost.hostname)).toEqual(['h5.com']);
  });

  it('a listener removed: all its rules leave; a listener added: all its rules enter', () => {
    const context = createCompileContext(pools, new ProxyStats());
    const both = snapshot(['a', 'b']);
    const first = compileConfig(both, context);
    const onlyB = viaDelta(both, versionSnapshot({ ...both, listeners: both.listeners.slice(1) }));
    const second = compileConfig(onlyB, context, first.config);
    expect(second.entered).toEqual([]);
    expect(second.left.map((c) => c.listener)).toEqual(Array(200).fill('test/gw/a'));
    expect(compiledRuleOf(second.config, 3, 81).listener).toBe('test/gw/b');
    const third = compileConfig(both, context, second.config);
    expect(third.entered.map((c) => c.listener)).toEqual(Array(200).fill('test/gw/a'));
    expect(third.left).toEqual([]);
  });
});

describe('EndpointRefs', () => {
  it('keeps an endpoint while any served rule names it and releases it with the last', () => {
    const context = createCompileContext(pools, new ProxyStats());
    const refs = new EndpointRefs();
    const base = snapshot();
    const first = compileConfig(base, context);
    expect(refs.update(first.entered, first.left)).toBe(false);
    expect([...refs.inUse].sort()).toEqual(['127.0.0.1:9000', '127.0.0.1:9001', '127.0.0.1:9002']);
    // Move every rule off 9002 but one; then that one too.
    const moved = (keep: boolean) => (l: IrListener) => ({ ...l, rules: l.rules.map((r, i) => (i % 3 === 2 && !(keep && i === 2) ? { ...r, backends: [serviceBackend('s', [{ address: '127.0.0.1', port: 9000 }])] } : r)) });
    const almost = viaDelta(base, withListener(base, moved(true)));
    const second = compileConfig(almost, context, first.config);
    expect(refs.update(second.entered, second.left)).toBe(false);
    expect(refs.inUse.has('127.0.0.1:9002')).toBe(true);
    const gone = viaDelta(almost, withListener(almost, moved(false)));
    const third = compileConfig(gone, context, second.config);
    expect(third.entered).toHaveLength(1);
    expect(refs.update(third.entered, third.left)).toBe(true);
    expect([...refs.inUse].sort()).toEqual(['127.0.0.1:9000', '127.0.0.1:9001']);
  });
});
