import { describe, expect, it } from 'vitest';
import { irRouteId, irRuleId, type IrRoute } from '@/lib/ir/route';
import { bucketCandidates, buildVirtualHost, buildVirtualHosts, coveringHostnames, insertVirtualHosts, type VirtualHostCandidate } from '@/lib/routing/build-virtual-hosts';
import { toIrHttpMatch } from '@/lib/routing/normalize-match';
import { fixtureSnapshot } from '@/lib/routing/testdata/fixture-world';

describe('coveringHostnames', () => {
  it.each([
    ['a.b.example.com', ['a.b.example.com', '*.b.example.com', '*.example.com', '*.com', '*']],
    ['*.example.com', ['*.example.com', '*.com', '*']],
    ['localhost', ['localhost', '*']],
    ['*', ['*']],
  ])('%s', (hostname, expected) => expect(coveringHostnames(hostname)).toEqual(expected));
});

describe('buildVirtualHosts', () => {
  const snapshot = fixtureSnapshot(
    [{ name: 'http', port: 80, hostname: '*.example.com' }],
    [
      { name: 'none', rules: [{ backend: 'none' }] },
      { name: 'wide', hostnames: ['*.com'], rules: [{ backend: 'wide' }] },
      { name: 'foo', hostnames: ['foo.example.com'], rules: [{ matches: [{ path: { type: 'Exact', value: '/x' } }, { path: { type: 'PathPrefix', value: '/' } }], backend: 'foo' }] },
      { name: 'other', hostnames: ['other.net'], rules: [{ backend: 'other' }] },
    ],
  );
  const listener = snapshot.listeners[0];

  it('makes one virtual host per intersected hostname, most specific first', () => {
    expect(listener?.virtualHosts.map((v) => v.hostname)).toEqual(['foo.example.com', '*.example.com']);
  });

  it('puts every covering route in a virtual host, in precedence order', () => {
    expect(listener?.virtualHosts.map((v) => v.routes.map((r) => r.id))).toEqual([
      [
        // foo.example.com: the exact-hostname route first (both matches), then `*.com`, then no hostnames.
        'HTTPRoute/default/foo/0/0',
        'HTTPRoute/default/foo/0/1',
        'HTTPRoute/default/wide/0/0',
        'HTTPRoute/default/none/0/0',
      ],
      ['HTTPRoute/default/wide/0/0', 'HTTPRoute/default/none/0/0'],
    ]);
  });

  it('is deterministic whatever the input order', () => {
    const routes = [
      { name: 'b', hostnames: ['b.example.com'], rules: [{ backend: 'b' }] },
      { name: 'a', hostnames: ['a.example.com', '*.example.com'], rules: [{ backend: 'a' }] },
      { name: 'c', rules: [{ backend: 'c' }] },
    ];
    const one = fixtureSnapshot([{ name: 'http', port: 80 }], routes);
    const two = fixtureSnapshot([{ name: 'http', port: 80 }], [...routes].reverse());
    expect(two).toEqual(one);
    expect(two.version).toBe(one.version);
  });
});

describe('buildVirtualHost and insertVirtualHosts (patching a few hosts)', () => {
  const HOSTS = ['a.example.com', 'bb.example.com', 'c.x.example.com', '*.example.com', '*.x.example.com', 'other.org', '*'];
  const candidate = (n: number, served: string[], path: string): VirtualHostCandidate => {
    const source = { kind: 'HTTPRoute' as const, namespace: 'ns', name: `r${n}`, ruleIndex: 0, matchIndex: 0 };
    const route: IrRoute = { kind: 'HTTPRoute', id: irRouteId(source), rule: irRuleId(source), source, match: toIrHttpMatch({ path: { type: 'PathPrefix', value: path } }) };
    return { route, creationTimestamp: `2026-01-0${(n % 9) + 1}T00:00:00Z`, hostnames: served.filter((h) => h !== '*'), servedHostnames: served };
  };
  const candidates = Array.from({ length: 40 }, (_, n) => candidate(n, [HOSTS[n % HOSTS.length]!, ...(n % 5 === 0 ? [HOSTS[(n + 3) % HOSTS.length]!] : [])], `/${n % 4}`));
  const full = buildVirtualHosts(candidates);

  it('builds each host as the full build does', () => {
    const buckets = bucketCandidates(candidates);
    expect(full.map((v) => v.hostname)).toEqual(['c.x.example.com', 'bb.example.com', 'a.example.com', 'other.org', '*.x.example.com', '*.example.com', '*']);
    for (const v of full) expect(buildVirtualHost(v.hostname, buckets), v.hostname).toEqual(v);
  });

  it('inserts hosts where the full build puts them, keeping the others', () => {
    for (const missing of [['a.example.com'], ['c.x.example.com', 'other.org'], ['bb.example.com', 'a.example.com', 'c.x.example.com']]) {
      const kept = full.filter((v) => !missing.includes(v.hostname));
      const patched = insertVirtualHosts(kept, full.filter((v) => missing.includes(v.hostname)));
      expect(patched).toEqual(full);
      for (const v of kept) expect(patched).toContain(v);
      expect(kept).toHaveLength(full.length - missing.length);
    }
  });
});
