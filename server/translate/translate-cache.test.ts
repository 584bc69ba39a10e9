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

  it('patches in the virtual host of a route on a new hostname, keeping every other virtual host object', () => {
    const route = (name: string, hostname: string): K8sObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace: 'shop', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { parentRefs: [{ name: 'gw' }], hostnames: [hostname], rules: [{ backendRefs: [{ name: 'stable', port: 8080 }] }] },
    });
    const world: ResourceSnapshot = { ...base, httpRoutes: [...base.httpRoutes, ...['a', 'c', 'e'].map((h) => route(h, `${h}.example.com`))] };
    const cache = createTranslateCache();
    const first = translateGraph(buildGraph(world), { cache });
    const hosts = (ir: typeof first) => ir.listeners[0]!.virtualHosts;
    // Sorted between existing exact hostnames (more labels and longer names first).
    const added: ResourceSnapshot = { ...world, httpRoutes: [...world.httpRoutes, route('d', 'd.example.com'), route('long', 'longer.example.com')] };
    const second = translateGraph(buildGraph(added), { cache });
    expect(second).toEqual(translateGraph(buildGraph(added)));
    expect(hosts(second).map((v) => v.hostname)).toContain('d.example.com');
    for (const v of hosts(first)) expect(hosts(second).find((w) => w.hostname === v.hostname), v.hostname).toBe(v);

    // Deleted again: the same answer as at first, from the same virtual host objects.
    const third = translateGraph(buildGraph(world), { cache });
    expect(third).toEqual(first);
    expect(third.version).toBe(first.version);
    hosts(third).forEach((v, i) => expect(v).toBe(hosts(first)[i]));
  });

  it('forgets listeners that went away', () => {
    const cache = createTranslateCache();
    translateGraph(buildGraph(base), { cache });
    expect([...cache.listeners.keys()]).toEqual(['shop/gw/http']);
    translateGraph(buildGraph({ ...base, gateways: [] }), { cache });
    expect(cache.listeners.size).toBe(0);
  });
});
