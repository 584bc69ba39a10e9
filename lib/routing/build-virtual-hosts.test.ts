import { describe, expect, it } from 'vitest';
import { coveringHostnames } from '@/lib/routing/build-virtual-hosts';
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
