import { describe, expect, it } from 'vitest';
import { applySnapshotDelta } from '@/lib/ir/apply-snapshot-delta';
import { createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import { type IrListener } from '@/lib/ir/listener';
import { type IrRule } from '@/lib/ir/route';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { buildHostIndex, compileRouteTable, compileRouteTableSteps, createRouteTableCache, lookupHost, type RouteTable } from '@/lib/routing/compile-route-table';
import { routingRequestFrom } from '@/lib/routing/request';
import { isRouteMiss, selectRoute } from '@/lib/routing/select-route';
import { fixtureSnapshot } from '@/lib/routing/testdata/fixture-world';
import { seededRandom } from '@/lib/testing/seeded-random';

describe('buildHostIndex / lookupHost', () => {
  const index = buildHostIndex(['*', '*.example.com', '*.foo.example.com', 'abc.foo.example.com', 'example.com', '*.com'], (h) => h);
  it.each([
    ['abc.foo.example.com', 'abc.foo.example.com'],
    ['x.foo.example.com', '*.foo.example.com'],
    ['a.b.foo.example.com', '*.foo.example.com'],
    ['foo.example.com', '*.example.com'],
    ['example.com', 'example.com'],
    ['other.com', '*.com'],
    ['com', '*'],
    ['localhost', '*'],
    ['', '*'],
  ])('%s -> %s', (host, expected) => expect(lookupHost(index, host)).toBe(expected));

  it('without a catch-all, an unmatched host finds nothing', () => {
    expect(lookupHost(buildHostIndex(['*.example.com'], (h) => h), 'example.com')).toBeUndefined();
  });

  it('the first item claiming a hostname wins', () => {
    const first = { h: 'a.com', n: 1 };
    const second = { h: 'a.com', n: 2 };
    expect(lookupHost(buildHostIndex([first, second], (x) => x.h), 'a.com')).toBe(first);
  });
});

describe('compileRouteTable', () => {
  it('carries the snapshot version and groups listeners by port', () => {
    const snapshot = fixtureSnapshot(
      [
        { name: 'a', port: 80 },
        { name: 'b', port: 443, protocol: 'HTTPS', hostname: 'x.com' },
      ],
      [{ name: 'r', rules: [{ backend: 'b' }] }],
    );
    const table = compileRouteTable(snapshot);
    expect(table.version).toBe(snapshot.version);
    expect([...table.sockets.keys()]).toEqual(['127.0.0.1:80', '127.0.0.1:443']);
  });

  it('refuses an entry that names a missing rule', () => {
    const snapshot = fixtureSnapshot([{ name: 'a', port: 80 }], [{ name: 'r', rules: [{ backend: 'b' }] }]);
    const broken = { ...snapshot, listeners: snapshot.listeners.map((l) => ({ ...l, rules: [] })) };
    expect(() => compileRouteTable(broken)).toThrow(/missing rule HTTPRoute\/default\/r\/0/);
  });

  it('refuses a regex outside the dialect', () => {
    const snapshot = fixtureSnapshot([{ name: 'a', port: 80 }], [{ name: 'r', rules: [{ backend: 'b', matches: [{ path: { type: 'RegularExpression', value: '(a)\\1' } }] }] }]);
    expect(() => compileRouteTable(snapshot)).toThrow(/backreferences/);
  });
});

describe('compileRouteTable with a RouteTableCache', () => {
  const regexSnapshot = (path: string) => fixtureSnapshot([{ name: 'a', port: 80 }], [{ name: 'r', rules: [{ backend: 'b', matches: [{ path: { type: 'RegularExpression', value: path } }] }] }]);
  const vhostOf = (t: RouteTable) => lookupHost(lookupHost(t.sockets.get('127.0.0.1:80')!.listeners, 'h')!.hosts, 'h')!;

  it('reuses compiled predicates for unchanged route objects and compiles new ones', () => {
    const snapshot = regexSnapshot('/x/[0-9]+');
    const cache = createRouteTableCache();
    const first = compileRouteTable(snapshot, cache);
    const again = compileRouteTable(snapshot, cache);
    expect(vhostOf(again).http[0]!.test).toBe(vhostOf(first).http[0]!.test);
    expect(vhostOf(compileRouteTable(regexSnapshot('/y/[0-9]+'), cache)).http[0]!.test).not.toBe(vhostOf(first).http[0]!.test);
  });

  it('reuses a compiled virtual host under a new listener object (a delta changed something else)', () => {
    const snapshot = regexSnapshot('/x/[0-9]+');
    const cache = createRouteTableCache();
    const first = compileRouteTable(snapshot, cache);
    const listener = snapshot.listeners[0]!;
    const patched = { ...snapshot, listeners: [{ ...listener, rules: [...listener.rules] }] };
    expect(vhostOf(compileRouteTable(patched, cache))).toBe(vhostOf(first));
  });

  it('compiles the virtual host again when a rule behind one of its routes is a new object', () => {
    const snapshot = regexSnapshot('/x/[0-9]+');
    const cache = createRouteTableCache();
    const first = compileRouteTable(snapshot, cache);
    const listener = snapshot.listeners[0]!;
    const rule = { ...listener.rules[0]!, filters: [] };
    const patched = { ...snapshot, listeners: [{ ...listener, rules: [rule] }] };
    const hit = vhostOf(compileRouteTable(patched, cache)).http[0]!;
    expect(hit.rule).toBe(rule);
    expect(vhostOf(compileRouteTable(patched, cache)).http[0]!).toBe(hit);
    expect(hit).not.toBe(vhostOf(first).http[0]!);
  });

  it('does not lend one listener\'s virtual host to another listener', () => {
    const snapshot = regexSnapshot('/x/[0-9]+');
    const cache = createRouteTableCache();
    compileRouteTable(snapshot, cache);
    const renamed = { ...snapshot, listeners: [{ ...snapshot.listeners[0]!, name: 'other/gw/a' }] };
    expect(vhostOf(compileRouteTable(renamed, cache)).http[0]!.listenerName).toBe('other/gw/a');
  });
});

describe('compileRouteTable with a previous table (a delta)', () => {
  const listeners = [
    { name: 'http', port: 80 },
    { name: 'wild', port: 80, hostname: '*.example.com' },
    { name: 'other', port: 8080 },
  ];
  const HOSTNAMES = ['a.example.com', 'b.example.com', '*.example.com', 'c.other.org', '*.other.org'];
  const PATHS = ['/a', '/a/b', '/', '/b'];

  /** A random world of routes (seeded), as the controller would translate it. */
  function world(random: (n: number) => number): RoutingSnapshot {
    const routes = Array.from({ length: 2 + random(10) }, (_, n) => ({
      name: `r${n}`,
      hostnames: random(4) === 0 ? [] : HOSTNAMES.filter(() => random(3) === 0),
      rules: Array.from({ length: 1 + random(2) }, () => ({ backend: `svc${random(3)}`, matches: [{ path: { type: 'PathPrefix' as const, value: PATHS[random(PATHS.length)]! } }] })),
    }));
    return fixtureSnapshot(listeners, routes);
  }

  const describeHit = <T,>(table: RouteTable<T>, host: string, path: string, port: number) => {
    const s = selectRoute(table, { ...routingRequestFrom({ path }), listenerAddress: '127.0.0.1', listenerPort: port, host });
    return isRouteMiss(s) ? { miss: s.none, listener: s.listenerName } : { listener: s.listenerName, host: s.virtualHost.hostname, route: s.route.id, rule: s.rule, vhost: s.virtualHost, how: s.hostMatch, target: s.target };
  };
  /** A binder whose targets name what they were made from: a reused hit must still carry its own listener's and rule's. */
  const bindNamed = (listener: string, rule: IrRule) => ({ listener, rule });

  it('routes exactly as a compile from scratch, over random deltas (seeded)', () => {
    const random = seededRandom(5);
    const hashes = createSnapshotHashCache();
    const cache = createRouteTableCache(bindNamed);
    let snapshot = world(random);
    let table = compileRouteTable(snapshot, cache);
    let reused = 0;
    for (let step = 0; step < 150; step++) {
      // Through a delta, as the proxy gets it: unchanged rules and virtual hosts keep their objects.
      const applied = applySnapshotDelta(snapshot, diffSnapshots(snapshot, world(random), hashes), hashes);
      if (!applied.ok) throw new Error(applied.reason);
      const next = compileRouteTable(applied.snapshot, cache, table);
      const scratch = compileRouteTable(applied.snapshot, createRouteTableCache(bindNamed));
      for (const host of [...HOSTNAMES.map((h) => h.replace('*', 'x')), 'nope.net', 'deep.a.example.com']) {
        for (const path of PATHS) for (const port of [80, 8080]) expect(describeHit(next, host, path, port), `step ${step} ${host}${path}:${port}`).toEqual(describeHit(scratch, host, path, port));
      }
      // The table it replaced still routes as before (nothing it holds was changed in place).
      expect(describeHit(table, 'a.example.com', '/a', 80)).toEqual(describeHit(compileRouteTable(snapshot, createRouteTableCache(bindNamed)), 'a.example.com', '/a', 80));
      for (const [name, compiled] of next.listeners) if (compiled.hosts.slots === table.listeners.get(name)?.hosts.slots) reused++;
      snapshot = applied.snapshot;
      table = next;
    }
    expect(reused).toBeGreaterThan(300); // the hostname slots were shared, not rebuilt, for most listeners and steps
  });

  /** 400 hosts with one route each: a big listener where a delta touches one host or one rule. */
  function bigSnapshot(): RoutingSnapshot {
    const routes = Array.from({ length: 400 }, (_, n) => ({ name: `r${String(n).padStart(3, '0')}`, hostnames: [`h${n}.example.com`], rules: [{ backend: 'svc' }] }));
    return fixtureSnapshot([{ name: 'http', port: 80 }], routes);
  }
  const edit = (snapshot: RoutingSnapshot, change: (l: IrListener) => IrListener): RoutingSnapshot => {
    const applied = applySnapshotDelta(snapshot, diffSnapshots(snapshot, versionSnapshot({ ...snapshot, listeners: [change(snapshot.listeners[0]!)] })));
    if (!applied.ok) throw new Error(applied.reason);
    return applied.snapshot;
  };
  const vhostsOf = (t: RouteTable) => t.listeners.get('infra/gw/http')!.hosts.items;

  it('a changed virtual host: one compiled anew, every other one and the hostname maps shared', () => {
    const base = bigSnapshot();
    const cache = createRouteTableCache();
    const before = compileRouteTable(base, cache);
    const next = edit(base, (l) => ({ ...l, virtualHosts: l.virtualHosts.map((v) => (v.hostname === 'h7.example.com' ? { ...v, routes: [] } : v)) }));
    const after = compileRouteTable(next, cache, before);
    expect(after.listeners.get('infra/gw/http')!.hosts.slots).toBe(before.listeners.get('infra/gw/http')!.hosts.slots);
    const changed = vhostsOf(after).filter((v, i) => v !== vhostsOf(before)[i]);
    expect(changed.map((v) => v!.virtualHost.hostname)).toEqual(['h7.example.com']);
  });

  it('a changed rule: the virtual host whose entries name it is compiled anew (its hits hold the new rule), no other', () => {
    const base = bigSnapshot();
    const before = compileRouteTable(base, createRouteTableCache());
    const next = edit(base, (l) => ({ ...l, rules: l.rules.map((r) => (r.id === 'HTTPRoute/default/r042/0' ? { ...r, filters: [] as IrRule['filters'], backends: [] } : r)) }));
    const after = compileRouteTable(next, createRouteTableCache(), before);
    const changed = vhostsOf(after).filter((v, i) => v !== vhostsOf(before)[i]);
    expect(changed.map((v) => v!.virtualHost.hostname)).toEqual(['h42.example.com']);
    expect(changed[0]!.http[0]!.rule).toBe(next.listeners[0]!.rules.find((r) => r.id === 'HTTPRoute/default/r042/0'));
  });

  it('as steps, pauses once per virtual host it compiles and nowhere else', () => {
    const run = <T,>(steps: Generator<void, T, void>): { pauses: number; value: T } => {
      let pauses = 0;
      for (let step = steps.next(); ; step = steps.next(), pauses++) if (step.done === true) return { pauses, value: step.value };
    };
    const base = bigSnapshot();
    const cache = createRouteTableCache();
    const first = run(compileRouteTableSteps(base, cache));
    expect(first.pauses).toBe(400);
    const next = edit(base, (l) => ({ ...l, rules: l.rules.map((r) => (r.id === 'HTTPRoute/default/r042/0' ? { ...r, backends: [] } : r)) }));
    const second = run(compileRouteTableSteps(next, cache, first.value));
    expect(second.pauses).toBe(1);
    expect(describeHit(second.value, 'h42.example.com', '/', 80)).toEqual(describeHit(compileRouteTable(next), 'h42.example.com', '/', 80));
    expect(run(compileRouteTableSteps(next, cache, second.value)).pauses).toBe(0);
  });

  it('binds each rule once per compiled virtual host: a delta binds only the changed rule, other hits keep their targets', () => {
    const base = bigSnapshot();
    const bound: string[] = [];
    const cache = createRouteTableCache((listener, rule) => {
      bound.push(rule.id);
      return { listener, rule };
    });
    const before = compileRouteTable(base, cache);
    expect(bound).toHaveLength(400);
    bound.length = 0;
    const next = edit(base, (l) => ({ ...l, rules: l.rules.map((r) => (r.id === 'HTTPRoute/default/r042/0' ? { ...r, backends: [] } : r)) }));
    const after = compileRouteTable(next, cache, before);
    expect(bound).toEqual(['HTTPRoute/default/r042/0']);
    const hitOf = (t: RouteTable<{ listener: string; rule: IrRule }>, host: string) => {
      const s = selectRoute(t, { ...routingRequestFrom({ path: '/' }), listenerAddress: '127.0.0.1', listenerPort: 80, host });
      if (isRouteMiss(s)) throw new Error(s.none);
      return s;
    };
    expect(hitOf(after, 'h42.example.com').target).toEqual({ listener: 'infra/gw/http', rule: next.listeners[0]!.rules.find((r) => r.id === 'HTTPRoute/default/r042/0') });
    expect(hitOf(after, 'h7.example.com').target).toBe(hitOf(before, 'h7.example.com').target);
    expect(hitOf(before, 'h42.example.com').target.rule).toBe(base.listeners[0]!.rules.find((r) => r.id === 'HTTPRoute/default/r042/0'));
  });

  it('an added and a removed host: the maps are extended, not rebuilt; the earlier table still serves its own hosts', () => {
    const base = bigSnapshot();
    const before = compileRouteTable(base);
    const slots = before.listeners.get('infra/gw/http')!.hosts.slots;
    const exactBefore = slots.exact.size;
    const next = edit(base, (l) => ({ ...l, virtualHosts: [{ hostname: 'new.example.com', routes: l.virtualHosts[0]!.routes }, ...l.virtualHosts.filter((v) => v.hostname !== 'h3.example.com')] }));
    const after = compileRouteTable(next, undefined, before);
    expect(after.listeners.get('infra/gw/http')!.hosts.slots).toBe(slots);
    expect(slots.exact.size).toBe(exactBefore + 1);
    expect(describeHit(after, 'new.example.com', '/', 80)).toMatchObject({ host: 'new.example.com' });
    expect(describeHit(after, 'h3.example.com', '/', 80)).toMatchObject({ miss: 'no-virtual-host' });
    expect(describeHit(before, 'new.example.com', '/', 80)).toMatchObject({ miss: 'no-virtual-host' });
    expect(describeHit(before, 'h3.example.com', '/', 80)).toMatchObject({ host: 'h3.example.com' });
  });

  it('starts the hostname slots afresh once removed hostnames would outnumber the served ones', () => {
    let snapshot = bigSnapshot();
    let table = compileRouteTable(snapshot);
    const first = table.listeners.get('infra/gw/http')!.hosts.slots;
    // Replace the hosts in batches: the slots grow until removed ones dominate, then a new table of slots starts.
    for (let round = 0; round < 4; round++) {
      snapshot = edit(snapshot, (l) => ({ ...l, virtualHosts: l.virtualHosts.map((v) => ({ ...v, hostname: `r${round}-${v.hostname}` })) }));
      table = compileRouteTable(snapshot, undefined, table);
    }
    const last = table.listeners.get('infra/gw/http')!.hosts.slots;
    expect(last).not.toBe(first);
    expect(last.exact.size).toBeLessThanOrEqual(2 * 400 + 64);
    expect(describeHit(table, 'r3-r2-r1-r0-h9.example.com', '/', 80)).toMatchObject({ host: 'r3-r2-r1-r0-h9.example.com' });
  });
});
