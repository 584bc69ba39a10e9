import { describe, expect, it } from 'vitest';
import { StringInterner } from '@/server/controller/intern-strings';

/** Parsed objects, as informers get them: every string is its own copy. */
const parsed = (i: number) =>
  JSON.parse(
    JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `r${i}`, namespace: 'team-a', uid: `uid-${i}`, resourceVersion: String(100 + i), labels: { app: 'shop' } },
      spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }], hostnames: [`h${i}.example.com`] },
      status: { parents: [{ controllerName: 'portico.dev/gateway-controller', conditions: [{ type: 'Accepted', status: 'True', message: 'Route is accepted' }] }] },
    }),
  ) as Record<string, unknown> & { metadata: Record<string, unknown> };

describe('StringInterner', () => {
  it('leaves every object equal to what was parsed', () => {
    const interner = new StringInterner();
    for (let i = 0; i < 5; i++) {
      const object = parsed(i);
      interner.internObject(object);
      expect(object).toEqual(parsed(i));
    }
  });

  it('interns repeated values outside metadata, and the namespace and labels, but not per-object metadata', () => {
    const interner = new StringInterner();
    for (let i = 0; i < 100; i++) interner.internObject(parsed(i));
    // One entry per distinct value: the shared strings plus the 100 hostnames; no names, uids or resourceVersions.
    const shared = ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'gateway.networking.k8s.io', 'Gateway', 'gw', 'portico.dev/gateway-controller', 'Accepted', 'True', 'Route is accepted', 'team-a', 'shop'];
    expect(interner.size).toBe(shared.length + 100);
  });

  it('leaves long strings alone and empties the table at its capacity', () => {
    const interner = new StringInterner(3, 8);
    interner.intern('a-very-long-value');
    expect(interner.size).toBe(0);
    for (const s of ['a', 'b', 'c']) interner.intern(s);
    expect(interner.size).toBe(3);
    interner.intern('d');
    expect(interner.size).toBe(1);
    expect(interner.intern('d')).toBe('d');
  });
});
