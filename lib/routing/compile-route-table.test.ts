import { describe, expect, it } from 'vitest';
import { buildHostIndex, compileRouteTable, createRouteTableCache, lookupHost, type RouteTable } from '@/lib/routing/compile-route-table';
import { fixtureSnapshot } from '@/lib/routing/testdata/fixture-world';

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
  const vhostOf = (t: RouteTable) => lookupHost(t.sockets.get('127.0.0.1:80')!.listeners, 'h')!.hosts.any!;

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
    const hit = vhostOf(compileRouteTable(patched, cache)).http[0]!.hit;
    expect(hit.rule).toBe(rule);
    expect(vhostOf(compileRouteTable(patched, cache)).http[0]!.hit).toBe(hit);
    expect(hit).not.toBe(vhostOf(first).http[0]!.hit);
  });

  it('does not lend one listener\'s virtual host to another listener', () => {
    const snapshot = regexSnapshot('/x/[0-9]+');
    const cache = createRouteTableCache();
    compileRouteTable(snapshot, cache);
    const renamed = { ...snapshot, listeners: [{ ...snapshot.listeners[0]!, name: 'other/gw/a' }] };
    expect(vhostOf(compileRouteTable(renamed, cache)).http[0]!.hit.listenerName).toBe('other/gw/a');
  });
});
