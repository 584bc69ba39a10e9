import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IrListener } from '@/lib/ir/listener';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { parseGoldenCase } from '@/server/status/testing/golden-case';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

const text = readFileSync(fileURLToPath(new URL('./testdata/ir-weighted-backends.in.yaml', import.meta.url)), 'utf8');
const base = parseGoldenCase(text, 'ir-weighted-backends').snapshot;

/** A new snapshot where the object `name` of `field` is replaced by `edit(copy)` (informers replace, never mutate). */
function replace(s: ResourceSnapshot, field: keyof ResourceSnapshot, name: string, edit: (o: K8sObject) => void): ResourceSnapshot {
  const list = s[field] as readonly K8sObject[];
  const edited = (o: K8sObject): K8sObject => {
    const copy = structuredClone(o);
    edit(copy);
    return copy;
  };
  return { ...s, [field]: list.map((o) => (o.metadata.name === name ? edited(o) : o)) };
}

const rule = (listener: IrListener | undefined, id: string) => listener?.rules.find((r) => r.id === id);

describe('translateGraph with a TranslateCache', () => {
  it('gives exactly the uncached output, reusing every part whose inputs did not change', () => {
    const cache = createTranslateCache();
    const first = translateGraph(buildGraph(base), { cache });
    expect(first).toEqual(translateGraph(buildGraph(base)));

    // Nothing changed: the same listener object, the same version.
    const again = translateGraph(buildGraph(base), { cache });
    expect(again.listeners[0]).toBe(first.listeners[0]);
    expect(again.version).toBe(first.version);

    // A new EndpointSlice for canary: only the rule using canary is rebuilt.
    const sliceChanged = replace(base, 'endpointSlices', 'canary-xyz', (o) => ((o.endpoints as { addresses: string[] }[])[0]!.addresses = ['127.0.0.99']));
    const second = translateGraph(buildGraph(sliceChanged), { cache });
    expect(second).toEqual(translateGraph(buildGraph(sliceChanged)));
    expect(second.version).not.toBe(first.version);
    expect(second.listeners[0]).not.toBe(first.listeners[0]);
    expect(rule(second.listeners[0], 'HTTPRoute/shop/split/0')).not.toBe(rule(first.listeners[0], 'HTTPRoute/shop/split/0'));
    for (const id of ['HTTPRoute/shop/split/1', 'HTTPRoute/shop/split/2', 'GRPCRoute/shop/rpc/0']) {
      expect(rule(second.listeners[0], id)).toBe(rule(first.listeners[0], id));
    }

    // A ReferenceGrant appears: the verdict changes without any route object changing.
    const granted: ResourceSnapshot = {
      ...sliceChanged,
      referenceGrants: [
        {
          apiVersion: 'gateway.networking.k8s.io/v1beta1',
          kind: 'ReferenceGrant',
          metadata: { name: 'shop-routes', namespace: 'warehouse' },
          spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service' }] },
        },
      ],
    };
    const third = translateGraph(buildGraph(granted), { cache });
    expect(third).toEqual(translateGraph(buildGraph(granted)));
    expect(rule(third.listeners[0], 'HTTPRoute/shop/split/1')?.backends[0]?.kind).toBe('service');
    expect(rule(third.listeners[0], 'HTTPRoute/shop/split/0')).toBe(rule(second.listeners[0], 'HTTPRoute/shop/split/0'));

    // A route edit rebuilds that route's rules only.
    const edited = replace(granted, 'grpcRoutes', 'rpc', (o) => ((o.spec as { rules: { backendRefs: { weight?: number }[] }[] }).rules[0]!.backendRefs[0]!.weight = 5));
    const fourth = translateGraph(buildGraph(edited), { cache });
    expect(fourth).toEqual(translateGraph(buildGraph(edited)));
    expect(rule(fourth.listeners[0], 'GRPCRoute/shop/rpc/0')?.backends[0]?.weight).toBe(5);
    expect(rule(fourth.listeners[0], 'HTTPRoute/shop/split/2')).toBe(rule(first.listeners[0], 'HTTPRoute/shop/split/2'));
  });

  it('forgets listeners that went away', () => {
    const cache = createTranslateCache();
    translateGraph(buildGraph(base), { cache });
    expect([...cache.listeners.keys()]).toEqual(['shop/gw/http']);
    translateGraph(buildGraph({ ...base, gateways: [] }), { cache });
    expect(cache.listeners.size).toBe(0);
  });
});
