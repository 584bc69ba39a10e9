import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache } from '@/server/graph/graph-cache';
import { buildSnapshot, type ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { createStatusCache } from '@/server/status/status-cache';
import type { StatusInputs } from '@/server/status/status-types';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';
import { diagnoseSnapshot } from '@/server/diagnostics/diagnose-snapshot';
import { createDiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';

/**
 * The lifetime caches (graph, status, translate, diagnostics) must never change an answer. A seeded random
 * walk of edits over a small world where every kind of dependency exists (Selector listeners
 * reading Namespace labels, cross-namespace backends and certificates behind ReferenceGrants,
 * Services and EndpointSlices, Gateway addresses kept from status) runs through one set of
 * caches; after every step the graph, statuses, IR and diagnostics must equal a fresh uncached run.
 */
const G = 'gateway.networking.k8s.io';
const INPUTS: StatusInputs = { supportedFeatures: ['Gateway', 'HTTPRoute'], bundleVersions: ['v1.6.1'], programming: new Map() };
const PEM = (label: string, body: string) => btoa(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`);

const obj = (apiVersion: string, kind: string, namespace: string | undefined, name: string, rest: Record<string, unknown>): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1, creationTimestamp: `2026-01-01T00:00:0${name.length % 10}Z` },
  ...rest,
});

const NAMESPACES = ['a', 'b', 'c'];
const SERVICES = ['s0', 's1', 's2'];

function secret(name: string, body: string): K8sObject {
  return obj('v1', 'Secret', 'certs', name, { type: 'kubernetes.io/tls', data: { 'tls.crt': PEM('CERTIFICATE', body), 'tls.key': PEM('PRIVATE KEY', body) } });
}

function gateway(name: string, listeners: unknown[]): K8sObject {
  return obj(`${G}/v1`, 'Gateway', 'infra', name, { spec: { gatewayClassName: 'portico', listeners } });
}

const GATEWAYS: Record<string, unknown[]> = {
  open: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
  picky: [
    { name: 'web', port: 81, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'x' } } } } },
    {
      name: 'tls',
      port: 443,
      protocol: 'HTTPS',
      hostname: '*.example.com',
      tls: { certificateRefs: [{ name: 'cert', namespace: 'certs' }] },
      allowedRoutes: { namespaces: { from: 'All' } },
    },
  ],
};

function route(i: number, rng: () => number): K8sObject {
  const ns = NAMESPACES[i % NAMESPACES.length]!;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const backend = () => (rng() < 0.3 ? { name: pick(SERVICES), namespace: pick(NAMESPACES), port: 8080 } : { name: pick(SERVICES), port: pick([8080, 8081]) });
  const parentRefs = [{ name: pick(['open', 'picky', 'gone']), namespace: 'infra', ...(rng() < 0.2 ? { sectionName: pick(['http', 'web', 'tls']) } : {}) }];
  if (rng() < 0.3) parentRefs.push({ name: pick(['open', 'picky']), namespace: 'infra' });
  return obj(`${G}/v1`, 'HTTPRoute', ns, `r${i}`, {
    spec: {
      parentRefs,
      // No hostnames: served under the listener's hostname (a wildcard, or any host).
      hostnames: pick([['a.example.com'], ['b.example.com'], ['x.other.org'], ['*.example.com'], []]),
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: `/p${Math.floor(rng() * 3)}` } }],
          backendRefs: [backend(), ...(rng() < 0.5 ? [backend()] : [])],
          ...(rng() < 0.3 ? { filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend() } }] } : {}),
        },
        { backendRefs: [backend()] },
      ],
    },
  });
}

function world(rng: () => number): K8sObject[] {
  const objects: K8sObject[] = [obj(`${G}/v1`, 'GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } })];
  for (const [name, listeners] of Object.entries(GATEWAYS)) objects.push(gateway(name, listeners));
  objects.push(secret('cert', 'AAAA'));
  objects.push(obj(`${G}/v1beta1`, 'ReferenceGrant', 'certs', 'gateways', { spec: { from: [{ group: G, kind: 'Gateway', namespace: 'infra' }], to: [{ group: '', kind: 'Secret' }] } }));
  for (const ns of NAMESPACES) {
    objects.push(obj('v1', 'Namespace', undefined, ns, { metadata: { name: ns, labels: ns === 'a' ? { team: 'x' } : {} } }));
    objects.push(grant(ns, 'b', undefined));
    for (const s of SERVICES) {
      objects.push(obj('v1', 'Service', ns, s, { spec: { ports: [{ name: 'http', port: 8080, targetPort: 3000 }] } }));
      objects.push(obj('discovery.k8s.io/v1', 'EndpointSlice', ns, `${s}-x`, {
        metadata: { name: `${s}-x`, namespace: ns, labels: { 'kubernetes.io/service-name': s } },
        ports: [{ name: 'http', port: 3000 }],
        endpoints: [{ addresses: ['10.0.0.1'] }],
      }));
    }
  }
  for (let i = 0; i < 12; i++) objects.push(route(i, rng));
  return objects;
}

function grant(toNamespace: string, fromNamespace: string, name: string | undefined): K8sObject {
  return obj(`${G}/v1beta1`, 'ReferenceGrant', toNamespace, `from-${fromNamespace}`, {
    spec: { from: [{ group: G, kind: 'HTTPRoute', namespace: fromNamespace }], to: [{ group: '', kind: 'Service', ...(name ? { name } : {}) }] },
  });
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Informers replace changed objects: every edit is a copy (with a new generation). */
function copy(o: K8sObject, change: (c: K8sObject & { spec: Record<string, unknown> }) => void): K8sObject {
  const c = structuredClone(o) as K8sObject & { spec: Record<string, unknown> };
  change(c);
  c.metadata.generation = (c.metadata.generation ?? 1) + 1;
  return c;
}

type Edit = (objects: K8sObject[], rng: () => number) => string;

const indexOf = (objects: K8sObject[], kind: string, rng: () => number) => {
  const at = objects.flatMap((o, i) => (o.kind === kind ? [i] : []));
  return at.length === 0 ? -1 : at[Math.floor(rng() * at.length)]!;
};

const EDITS: Edit[] = [
  (o, rng) => {
    const i = indexOf(o, 'HTTPRoute', rng);
    if (i < 0) return 'no route';
    o[i] = copy(o[i]!, (c) => void ((c.spec.rules as { timeouts?: unknown }[])[0]!.timeouts = { request: `${Math.floor(rng() * 9) + 1}s` }));
    return `route ${o[i]!.metadata.name}: timeout`;
  },
  (o, rng) => {
    const i = indexOf(o, 'HTTPRoute', rng);
    if (i < 0) return 'no route';
    const name = o[i]!.metadata.name!;
    o[i] = route(Number(name.slice(1)), rng);
    return `route ${name}: regenerated`;
  },
  (o, rng) => {
    const i = indexOf(o, 'HTTPRoute', rng);
    if (i < 0) return 'no route';
    return `route ${o.splice(i, 1)[0]!.metadata.name}: deleted`;
  },
  (o, rng) => {
    const n = 100 + Math.floor(rng() * 20);
    o.push(route(n, rng));
    return `route r${n}: added`;
  },
  (o, rng) => {
    // A route on hostnames no other route has: new virtual hosts, patched into the listener.
    const n = 200 + Math.floor(rng() * 1000);
    if (o.some((x) => x.metadata.name === `h${n}`)) return 'new-host route exists';
    const r = route(n, rng);
    r.metadata.name = `h${n}`;
    const domain = rng() < 0.7 ? 'example.com' : 'other.org';
    (r.spec as Record<string, unknown>).hostnames = rng() < 0.3 ? [`h${n}.${domain}`, `h${n}b.example.com`] : [`h${n}.${domain}`];
    o.push(r);
    return `route h${n}: added on a new hostname`;
  },
  (o, rng) => {
    const at = o.flatMap((x, i) => (x.kind === 'HTTPRoute' && x.metadata.name?.startsWith('h') ? [i] : []));
    if (at.length === 0) return 'no new-host route';
    return `route ${o.splice(at[Math.floor(rng() * at.length)]!, 1)[0]!.metadata.name}: deleted with its hostnames`;
  },
  (o, rng) => {
    const at = o.flatMap((x, i) => (x.kind === 'HTTPRoute' && x.metadata.name?.startsWith('h') ? [i] : []));
    if (at.length === 0) return 'no new-host route';
    const i = at[Math.floor(rng() * at.length)]!;
    o[i] = copy(o[i]!, (c) => void ((c.spec.rules as { matches?: unknown[] }[])[0]!.matches = [{ path: { type: 'Exact', value: `/e${Math.floor(rng() * 3)}` } }]));
    return `route ${o[i]!.metadata.name}: match edited`;
  },
  (o, rng) => {
    const i = indexOf(o, 'Gateway', rng);
    if (i < 0) return 'no gateway';
    o[i] = copy(o[i]!, (c) => {
      const l = (c.spec.listeners as { hostname?: string; allowedRoutes: { namespaces: { from: string } } }[])[0]!;
      if (rng() < 0.5) l.hostname = l.hostname ? undefined : '*.example.com';
      else l.allowedRoutes.namespaces.from = l.allowedRoutes.namespaces.from === 'All' ? 'Same' : 'All';
    });
    return `gateway ${o[i]!.metadata.name}: listener edited`;
  },
  (o, rng) => {
    const i = indexOf(o, 'Gateway', rng);
    if (i < 0) return 'no gateway';
    // A status write: same spec, a new object with addresses (they feed address assignment).
    o[i] = { ...o[i]!, status: { addresses: [{ type: 'IPAddress', value: `127.0.0.${Math.floor(rng() * 5) + 1}` }] } };
    return `gateway ${o[i]!.metadata.name}: status`;
  },
  (o, rng) => {
    const i = indexOf(o, 'Gateway', rng);
    if (i >= 0) return `gateway ${o.splice(i, 1)[0]!.metadata.name}: deleted`;
    const [name, listeners] = Object.entries(GATEWAYS)[Math.floor(rng() * 2)]!;
    o.push(gateway(name, listeners));
    return `gateway ${name}: restored`;
  },
  (o, rng) => {
    const i = indexOf(o, 'Namespace', rng);
    o[i] = copy(o[i]!, (c) => void (c.metadata.labels = c.metadata.labels?.team ? {} : { team: 'x' }));
    return `namespace ${o[i]!.metadata.name}: labels flipped`;
  },
  (o, rng) => {
    const from = NAMESPACES[Math.floor(rng() * NAMESPACES.length)]!;
    const to = NAMESPACES[Math.floor(rng() * NAMESPACES.length)]!;
    const i = o.findIndex((x) => x.kind === 'ReferenceGrant' && x.metadata.namespace === to && x.metadata.name === `from-${from}`);
    if (i >= 0) {
      if (rng() < 0.5) {
        o.splice(i, 1);
        return `grant ${to}/from-${from}: deleted`;
      }
      o[i] = grant(to, from, rng() < 0.5 ? 's1' : undefined);
      return `grant ${to}/from-${from}: narrowed or widened`;
    }
    o.push(grant(to, from, undefined));
    return `grant ${to}/from-${from}: added`;
  },
  (o) => {
    const i = o.findIndex((x) => x.kind === 'ReferenceGrant' && x.metadata.namespace === 'certs');
    if (i >= 0) {
      o.splice(i, 1);
      return 'certificate grant: deleted';
    }
    o.push(obj(`${G}/v1beta1`, 'ReferenceGrant', 'certs', 'gateways', { spec: { from: [{ group: G, kind: 'Gateway', namespace: 'infra' }], to: [{ group: '', kind: 'Secret' }] } }));
    return 'certificate grant: restored';
  },
  (o, rng) => {
    const i = indexOf(o, 'Service', rng);
    if (i < 0) return 'no service';
    if (rng() < 0.3) return `service ${o.splice(i, 1)[0]!.metadata.name}: deleted`;
    o[i] = copy(o[i]!, (c) => {
      const p = (c.spec.ports as { port: number; appProtocol?: string }[])[0]!;
      if (rng() < 0.5) p.port = p.port === 8080 ? 8081 : 8080;
      else p.appProtocol = p.appProtocol ? undefined : 'kubernetes.io/h2c';
    });
    return `service ${o[i]!.metadata.namespace}/${o[i]!.metadata.name}: port edited`;
  },
  (o, rng) => {
    const ns = NAMESPACES[Math.floor(rng() * NAMESPACES.length)]!;
    const s = SERVICES[Math.floor(rng() * SERVICES.length)]!;
    if (o.some((x) => x.kind === 'Service' && x.metadata.namespace === ns && x.metadata.name === s)) return 'service exists';
    o.push(obj('v1', 'Service', ns, s, { spec: { ports: [{ name: 'http', port: 8080, targetPort: 3000 }] } }));
    return `service ${ns}/${s}: restored`;
  },
  (o, rng) => {
    const i = indexOf(o, 'EndpointSlice', rng);
    if (i < 0) return 'no slice';
    o[i] = copy(o[i]!, (c) => void (c.endpoints = [{ addresses: [`10.0.0.${Math.floor(rng() * 9) + 1}`], conditions: { ready: rng() < 0.8 } }]));
    return `slice ${o[i]!.metadata.namespace}/${o[i]!.metadata.name}: endpoints`;
  },
  (o, rng) => {
    const i = o.findIndex((x) => x.kind === 'Secret');
    o[i] = secret('cert', rng() < 0.5 ? 'BBBB' : 'AAAA');
    return 'secret: rotated';
  },
  (o) => {
    const i = o.findIndex((x) => x.kind === 'GatewayClass');
    o[i] = copy(o[i]!, (c) => void (c.spec.parametersRef = c.spec.parametersRef ? undefined : { group: '', kind: 'ConfigMap', name: 'x' }));
    return 'class: parametersRef flipped';
  },
  (o, rng) => {
    // The informer lists in another order: nothing changed but positions.
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [o[i], o[j]] = [o[j]!, o[i]!];
    }
    return 'shuffled';
  },
  () => 'nothing (a resync)',
];

/** `next` with each list that holds the same objects in the same order as in `previous` replaced by that very array. */
function keepUnchangedLists(next: ResourceSnapshot, previous: ResourceSnapshot | undefined): ResourceSnapshot {
  if (!previous) return next;
  const out: Record<string, unknown> = { ...next };
  for (const [field, list] of Object.entries(next)) {
    const before = (previous as unknown as Record<string, unknown>)[field];
    if (Array.isArray(list) && Array.isArray(before) && list.length === before.length && list.every((o, i) => o === before[i])) out[field] = before;
  }
  return out as unknown as ResourceSnapshot;
}

describe('lifetime caches give exactly the uncached answers over random edit sequences', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])('seed %i', (seed) => {
    const rng = mulberry32(seed);
    let objects = world(rng);
    const graphCache = createGraphCache();
    const statusCache = createStatusCache();
    const translateCache = createTranslateCache();
    const diagnosticsCache = createDiagnosticsCache();
    let findings = 0;
    let previousSnapshot: ResourceSnapshot | undefined;
    const log: string[] = [];
    for (let step = 0; step < 120; step++) {
      objects = [...objects];
      log.push(EDITS[Math.floor(rng() * EDITS.length)]!(objects, rng));
      // As the informers hand them out: a kind whose objects did not change keeps its very array.
      const snapshot: ResourceSnapshot = keepUnchangedLists(buildSnapshot(objects), previousSnapshot);
      previousSnapshot = snapshot;
      const where = `seed ${seed}, step ${step}: ${log.slice(-3).join(' | ')}`;
      const cached = buildGraph(snapshot, { cache: graphCache });
      const fresh = buildGraph(snapshot);
      expect(cached, where).toEqual(fresh);
      const statuses = computeStatuses(cached, INPUTS, { cache: statusCache });
      const freshStatuses = computeStatuses(fresh, INPUTS);
      expect(statuses, where).toEqual(freshStatuses);
      const ir = translateGraph(cached, { cache: translateCache });
      const freshIr = translateGraph(fresh);
      expect(ir, where).toEqual(freshIr);
      expect(ir.version, where).toBe(freshIr.version);
      const diagnosed = diagnoseSnapshot(ir, cached, statuses, diagnosticsCache);
      expect(diagnosed, where).toEqual(diagnoseSnapshot(freshIr, fresh, freshStatuses));
      findings += diagnosed.diagnostics.length;
    }
    // The world is made so that routes collide on hostnames and shadow each other's rules.
    expect(findings).toBeGreaterThan(0);
  });
});

describe('what the graph cache reuses', () => {
  const base = () => world(mulberry32(42));
  const find = (objects: K8sObject[], kind: string, ns: string, name: string) => objects.findIndex((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name);
  const nodes = (snapshot: ResourceSnapshot, cache = createGraphCache()) => new Map(buildGraph(snapshot, { cache }).routes.map((r) => [r.key, r]));

  it('keeps every route node while nothing it read changed, and rebuilds exactly the edited route', () => {
    const objects = base();
    const cache = createGraphCache();
    const first = nodes(buildSnapshot(objects), cache);
    const i = find(objects, 'HTTPRoute', 'a', 'r0');
    objects[i] = copy(objects[i]!, (c) => void (c.spec.hostnames = ['z.example.com']));
    const second = nodes(buildSnapshot(objects), cache);
    for (const [key, node] of second) {
      if (key === 'a/r0') expect(node).not.toBe(first.get(key));
      else expect(node, key).toBe(first.get(key));
    }
  });

  it('hands back the very route list, without a pass over the routes, when the route array is the same and only a Gateway status changed', () => {
    const objects = base();
    const cache = createGraphCache();
    const snapshot = buildSnapshot(objects);
    const first = buildGraph(snapshot, { cache });
    const gateways = snapshot.gateways.map((g, i) => (i === 0 ? { ...g, status: { addresses: [{ type: 'IPAddress', value: '127.0.0.9' }] } } : g));
    const second = buildGraph({ ...snapshot, gateways }, { cache });
    expect(second.gateways).not.toBe(first.gateways);
    expect(second.routes).toBe(first.routes);
    expect(second).toEqual(buildGraph({ ...snapshot, gateways }));
  });

  it('rebuilds the routes that used a removed ReferenceGrant, and only those', () => {
    const objects = base();
    const cache = createGraphCache();
    const before = nodes(buildSnapshot(objects), cache);
    // Every route of namespace b whose backends reach into another namespace depends on the grants from b.
    const crossFromB = [...before.values()].filter((r) => r.namespace === 'b' && r.rules.some((rule) => [...rule.backends, ...rule.mirrors].some((b) => b.namespace !== 'b')));
    expect(crossFromB.length).toBeGreaterThan(0);
    const withoutGrants = objects.filter((o) => !(o.kind === 'ReferenceGrant' && o.metadata.name === 'from-b'));
    const after = nodes(buildSnapshot(withoutGrants), cache);
    for (const r of crossFromB) expect(after.get(r.key), r.key).not.toBe(r);
    const untouched = [...before.values()].filter((r) => r.rules.every((rule) => [...rule.backends, ...rule.mirrors].every((b) => b.namespace === r.namespace)));
    for (const r of untouched) expect(after.get(r.key), r.key).toBe(r);
  });
});
