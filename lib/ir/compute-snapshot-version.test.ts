import { describe, expect, it } from 'vitest';
import { listenerHash, listenerHeader, partHash, virtualHostHash } from '@/lib/ir/compute-snapshot-version';
import { type IrListener } from '@/lib/ir/listener';
import { hashCanonical } from '@/lib/ir/version-hash';
import { fixtureSnapshot } from '@/lib/routing/testdata/fixture-world';

/** The definition listenerHash streams (see its doc comment): it must give the same hash. */
function definedListenerHash(listener: IrListener): string {
  return hashCanonical({
    header: listenerHeader(listener),
    rules: listener.rules.map((r) => [r.id, partHash(r)]),
    virtualHosts: listener.virtualHosts.map((v) => [v.hostname, virtualHostHash(v)]),
  });
}

describe('listenerHash', () => {
  const snapshot = fixtureSnapshot(
    [
      { name: 'web', port: 80 },
      { name: 'tls', port: 443, protocol: 'HTTPS', hostname: '*.example.com' },
    ],
    [
      { name: 'shop', hostnames: ['shop.example.com', '*.example.com'], rules: [{ backend: 'a' }, { backend: 'b', matches: [{ path: { type: 'Exact', value: '/x' } }] }] },
      { name: 'any', rules: [{ backend: 'c' }] },
    ],
  );
  const listeners = snapshot.listeners;

  it.each(listeners.map((l) => [l.name, l] as const))('%s: equals the hash of its defining structure', (_name, listener) => {
    expect(listenerHash(listener)).toBe(definedListenerHash(listener));
  });

  it('holds for ids and hostnames that need JSON escaping or are not ASCII, and for empty lists', () => {
    const base = listeners[0]!;
    const odd: IrListener = {
      ...base,
      rules: base.rules.map((r, i) => ({ ...r, id: i === 0 ? 'HTTPRoute/ns/"quoted"\\/0' : `HTTPRoute/ns/bücher-\u2028/${i}` })),
      virtualHosts: base.virtualHosts.map((v) => ({ ...v, hostname: 'xn--bcher-kva.example' })),
    };
    expect(listenerHash(odd)).toBe(definedListenerHash(odd));
    const empty: IrListener = { ...base, rules: [], virtualHosts: [] };
    expect(listenerHash(empty)).toBe(definedListenerHash(empty));
  });

  it('changes when a rule changes', () => {
    const base = listeners[0]!;
    const changed = { ...base, rules: base.rules.map((r, i) => (i === 0 ? { ...r, filters: [] , backends: [] } : r)) };
    expect(listenerHash(changed)).not.toBe(listenerHash(base));
  });
});
