import { describe, expect, it } from 'vitest';
import { createSnapshotHashCache, listenerHash, listenerHeader, partHash, virtualHostHash } from '@/lib/ir/compute-snapshot-version';
import { type IrListener } from '@/lib/ir/listener';
import { hashCanonical } from '@/lib/ir/version-hash';
import { fixtureSnapshot } from '@/lib/routing/testdata/fixture-world';
import { seededRandom } from '@/lib/testing/seeded-random';

/** The definition listenerHash streams (see computeSnapshotVersion), written out plainly. */
function definedListenerHash(listener: IrListener): string {
  const chunks = (pairs: [string, string][]): string[] => {
    const out: string[] = [];
    let chunk: [string, string][] = [];
    for (const pair of pairs) {
      chunk.push(pair);
      if (pair[1].startsWith('0')) {
        out.push(hashCanonical(chunk));
        chunk = [];
      }
    }
    if (chunk.length > 0) out.push(hashCanonical(chunk));
    return out;
  };
  return hashCanonical({
    header: listenerHeader(listener),
    rules: chunks(listener.rules.map((r) => [r.id, partHash(r)])),
    virtualHosts: chunks(listener.virtualHosts.map((v) => [v.hostname, virtualHostHash(v)])),
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

  it('gives the same hash with remembered chunks as without, through random edits of a long rule list (seeded)', () => {
    const random = seededRandom(11);
    const base = listeners[0]!;
    const rule = (n: number, v: number) => ({ ...base.rules[0]!, id: `HTTPRoute/ns/r${String(n).padStart(4, '0')}/${v}` });
    let rules = Array.from({ length: 400 }, (_, n) => rule(n * 3, 0));
    const cache = createSnapshotHashCache();
    for (let step = 0; step < 150; step++) {
      // Every fifth step edits the tail, where the last chunk is open.
      const at = step % 5 === 0 ? rules.length - random(2) : random(rules.length + 1);
      const edit = random(3);
      if (edit === 0) rules = [...rules.slice(0, at), rule(at * 3 + 1, step), ...rules.slice(at)];
      else if (edit === 1) rules = rules.filter((_, i) => i !== at);
      else rules = rules.map((r, i) => (i === at ? rule(i * 3, step + 1) : r));
      const listener: IrListener = { ...base, rules };
      expect(listenerHash(listener, cache), `step ${step}`).toBe(listenerHash(listener));
      expect(listenerHash(listener)).toBe(definedListenerHash(listener));
    }
  });

  it('changes when a rule changes', () => {
    const base = listeners[0]!;
    const changed = { ...base, rules: base.rules.map((r, i) => (i === 0 ? { ...r, filters: [] , backends: [] } : r)) };
    expect(listenerHash(changed)).not.toBe(listenerHash(base));
  });
});
