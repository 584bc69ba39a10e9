import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { K8sObject } from '@/lib/k8s/object';
import { diagnoseSnapshot } from '@/server/diagnostics/diagnose-snapshot';
import { createDiagnosticsCache, type DiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache, type GraphCache } from '@/server/graph/graph-cache';
import { buildSnapshot, type ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { createStatusCache, type StatusCache } from '@/server/status/status-cache';
import type { StatusInputs } from '@/server/status/status-types';
import { createTranslateCache, type TranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * `npm run bench -- controller`: the pure pipeline (snapshot -> graph -> status -> IR) over a
 * generated world of N HTTPRoutes spread over 100 namespaces and 10 Gateways (an HTTP and an
 * HTTPS listener each), every route with its own Service and EndpointSlice and every tenth one
 * using a shared Service through a ReferenceGrant. Prints the median time of each stage and
 * the heap in use with the 10,000-route world and its outputs alive; at 10,000 routes also what
 * one change costs with the controller's caches: a route edited, and a new route on a new
 * hostname added and deleted again.
 */
const SIZES = [100, 1_000, 10_000];
const NAMESPACES = 100;
const GATEWAYS = 10;
const RUNS: Record<number, number> = { 100: 7, 1_000: 5, 10_000: 3 };
/** No proxy acknowledgements: Programmed stays Pending, as before the first ack. */
const STATUS_INPUTS: StatusInputs = { supportedFeatures: ['Gateway', 'HTTPRoute', 'ReferenceGrant'], bundleVersions: ['v1.6.1'], programming: new Map() };

/** Structurally valid PEM (the pure stages do no cryptography). */
const PEM_BODY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v';
const CERT = btoa(`-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----\n`);
const KEY = btoa(`-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----\n`);

const obj = (apiVersion: string, kind: string, namespace: string | undefined, name: string, rest: Record<string, unknown>): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' },
  ...rest,
});

export function generateControllerWorld(routes: number): ResourceSnapshot {
  const objects: K8sObject[] = [obj('gateway.networking.k8s.io/v1', 'GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } })];
  objects.push(obj('v1', 'Secret', 'infra', 'wildcard-cert', { type: 'kubernetes.io/tls', data: { 'tls.crt': CERT, 'tls.key': KEY } }));
  for (let g = 0; g < GATEWAYS; g++) {
    const allowed = { namespaces: { from: 'All' } };
    objects.push(
      obj('gateway.networking.k8s.io/v1', 'Gateway', 'infra', `gw-${g}`, {
        spec: {
          gatewayClassName: 'portico',
          listeners: [
            { name: 'http', port: 80 + g, protocol: 'HTTP', allowedRoutes: allowed },
            { name: 'https', port: 8443 + g, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'wildcard-cert' }] }, allowedRoutes: allowed },
          ],
        },
      }),
    );
  }
  objects.push(obj('v1', 'Service', 'shared', 'catalog', { spec: { ports: [{ name: 'http', port: 8080, targetPort: 3000 }] } }));
  objects.push(endpointSlice('shared', 'catalog', 0));
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `ns-${n}`;
    objects.push(obj('v1', 'Namespace', undefined, ns, {}));
    objects.push(
      obj('gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'shared', `from-${ns}`, {
        spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: ns }], to: [{ group: '', kind: 'Service', name: 'catalog' }] },
      }),
    );
  }
  for (let i = 0; i < routes; i++) {
    const ns = `ns-${i % NAMESPACES}`;
    objects.push(obj('v1', 'Service', ns, `svc-${i}`, { spec: { ports: [{ name: 'http', port: 8080, targetPort: 3000 }] } }));
    objects.push(endpointSlice(ns, `svc-${i}`, i));
    const backends = [{ name: `svc-${i}`, port: 8080, weight: 9 }, ...(i % 10 === 0 ? [{ name: 'catalog', namespace: 'shared', port: 8080, weight: 1 }] : [])];
    objects.push(
      obj('gateway.networking.k8s.io/v1', 'HTTPRoute', ns, `route-${i}`, {
        spec: {
          parentRefs: [{ name: `gw-${i % GATEWAYS}`, namespace: 'infra' }],
          hostnames: [`app-${i}.example.com`],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: `/api/${i}` }, headers: [{ name: 'x-tenant', value: 't' }] }, { path: { type: 'Exact', value: '/health' } }],
              filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x-route', value: `${i}` }] } }],
              backendRefs: backends,
              timeouts: { request: '10s' },
            },
            { backendRefs: [{ name: `svc-${i}`, port: 8080 }] },
          ],
        },
      }),
    );
  }
  return buildSnapshot(objects);
}

function endpointSlice(namespace: string, service: string, i: number): K8sObject {
  const a = `10.${(i >> 8) & 255}.${i & 255}`;
  return obj('discovery.k8s.io/v1', 'EndpointSlice', namespace, `${service}-abcde`, {
    metadata: { name: `${service}-abcde`, namespace, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 3000, protocol: 'TCP' }],
    endpoints: [{ addresses: [`${a}.1`], conditions: { ready: true } }, { addresses: [`${a}.2`], conditions: { ready: true } }],
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

export async function benchController(): Promise<void> {
  let perRoute: number | undefined;
  for (const size of SIZES) {
    const snapshot = generateControllerWorld(size);
    const times = { graph: [] as number[], status: [] as number[], translate: [] as number[] };
    let listeners = 0;
    let rules = 0;
    for (let run = 0; run < (RUNS[size] ?? 3); run++) {
      const t0 = performance.now();
      const graph = buildGraph(snapshot);
      const t1 = performance.now();
      computeStatuses(graph, STATUS_INPUTS);
      const t2 = performance.now();
      const ir = translateGraph(graph);
      const t3 = performance.now();
      times.graph.push(t1 - t0);
      times.status.push(t2 - t1);
      times.translate.push(t3 - t2);
      listeners = ir.listeners.length;
      rules = ir.listeners.reduce((n, l) => n + l.rules.length, 0);
    }
    const [graph, status, translate] = [median(times.graph), median(times.status), median(times.translate)];
    const total = graph + status + translate;
    console.log(
      `controller ${String(size).padStart(6)} routes: graph ${ms(graph)}, status ${ms(status)}, translate ${ms(translate)}, full reconcile ${ms(total)} (${listeners} listeners, ${rules} IR rules)`,
    );
    if (size === SIZES[0]) perRoute = total / size;
    if (size === SIZES[SIZES.length - 1]) {
      console.log(`controller growth: ${((total / size) / (perRoute ?? 1)).toFixed(2)}x the per-route cost at ${SIZES[0]} routes (1.00 = linear)`);
      reportOneChange(snapshot);
      reportNewHostname(snapshot);
      await reportHeap(snapshot);
    }
  }
}

interface StageTimes {
  graph: number[];
  status: number[];
  translate: number[];
  total: number[];
  diagnostics: number[];
}

const stageTimes = (): StageTimes => ({ graph: [], status: [], translate: [], total: [], diagnostics: [] });

/**
 * One reconcile of `snapshot` with `routes` through the given caches, timed per stage into
 * `into`. Diagnostics run after the IR, as in the controller, and are not part of `total`.
 */
function timedReconcile(
  snapshot: ResourceSnapshot,
  routes: K8sObject[],
  caches: { graphCache?: GraphCache; statusCache?: StatusCache; translateCache?: TranslateCache; diagnosticsCache?: DiagnosticsCache },
  into: StageTimes,
): void {
  const t0 = performance.now();
  const graph = buildGraph({ ...snapshot, httpRoutes: routes }, { cache: caches.graphCache });
  const t1 = performance.now();
  const statuses = computeStatuses(graph, STATUS_INPUTS, { cache: caches.statusCache });
  const t2 = performance.now();
  const ir = translateGraph(graph, { cache: caches.translateCache });
  const t3 = performance.now();
  diagnoseSnapshot(ir, graph, statuses, caches.diagnosticsCache);
  into.diagnostics.push(performance.now() - t3);
  into.graph.push(t1 - t0);
  into.status.push(t2 - t1);
  into.translate.push(t3 - t2);
  into.total.push(t3 - t0);
}

/**
 * One route edited at a time (a new object, as an informer delivers it), then graph, status and
 * translation with the caches the controller keeps for its lifetime (GraphCache, StatusCache,
 * TranslateCache):
 * what one change costs until a new IR exists. Also printed without caches, in the same run.
 */
function reportOneChange(snapshot: ResourceSnapshot): void {
  const changes = 60;
  const run = (cached: boolean) => {
    const graphCache = cached ? createGraphCache() : undefined;
    const statusCache = cached ? createStatusCache() : undefined;
    const translateCache = cached ? createTranslateCache() : undefined;
    const diagnosticsCache = cached ? createDiagnosticsCache() : undefined;
    const first = buildGraph(snapshot, { cache: graphCache });
    diagnoseSnapshot(translateGraph(first, { cache: translateCache }), first, computeStatuses(first, STATUS_INPUTS, { cache: statusCache }), diagnosticsCache);
    // A reconcile where nothing changed (a resync), with whatever the caches hold.
    const r0 = performance.now();
    const unchanged = buildGraph(snapshot, { cache: graphCache });
    computeStatuses(unchanged, STATUS_INPUTS, { cache: statusCache });
    translateGraph(unchanged, { cache: translateCache });
    const resync = performance.now() - r0;
    const times = stageTimes();
    let routes = [...snapshot.httpRoutes];
    for (let change = 0; change < changes; change++) {
      const i = (change * 997) % routes.length;
      const edited = structuredClone(routes[i]!);
      (edited.spec as { rules: { timeouts?: { request: string } }[] }).rules[0]!.timeouts = { request: `${change + 1}s` };
      routes = routes.map((r, j) => (j === i ? edited : r));
      timedReconcile(snapshot, routes, { graphCache, statusCache, translateCache, diagnosticsCache }, times);
    }
    return { ...times, resync };
  };
  const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;
  for (const cached of [false, true]) {
    const t = run(cached);
    console.log(
      `controller one route change at ${snapshot.httpRoutes.length} routes, ${cached ? 'with caches   ' : 'without caches'}: new IR p50 ${ms(p(t.total, 0.5))} p99 ${ms(p(t.total, 0.99))} (p50 graph ${ms(p(t.graph, 0.5))}, status ${ms(p(t.status, 0.5))}, translate ${ms(p(t.translate, 0.5))}; ${changes} changes); reconcile with nothing changed ${ms(t.resync)}; then diagnostics p50 ${ms(p(t.diagnostics, 0.5))}`,
    );
  }
}

/**
 * A new route on a hostname no route had (a new virtual host), then that route deleted again,
 * through the lifetime caches: what creating an app's first route, and removing it, cost the
 * controller before a new IR exists. p50 / p99 per stage over alternating adds and deletes.
 */
function reportNewHostname(snapshot: ResourceSnapshot): void {
  const samples = 40;
  const graphCache = createGraphCache();
  const statusCache = createStatusCache();
  const translateCache = createTranslateCache();
  const diagnosticsCache = createDiagnosticsCache();
  const first = buildGraph(snapshot, { cache: graphCache });
  diagnoseSnapshot(translateGraph(first, { cache: translateCache }), first, computeStatuses(first, STATUS_INPUTS, { cache: statusCache }), diagnosticsCache);
  const added = stageTimes();
  const deleted = stageTimes();
  const reconcile = (routes: K8sObject[], into: StageTimes) => timedReconcile(snapshot, routes, { graphCache, statusCache, translateCache, diagnosticsCache }, into);
  for (let k = 0; k < samples; k++) {
    const ns = `ns-${k % NAMESPACES}`;
    const route = obj('gateway.networking.k8s.io/v1', 'HTTPRoute', ns, `new-${k}`, {
      spec: {
        parentRefs: [{ name: `gw-${k % GATEWAYS}`, namespace: 'infra' }],
        hostnames: [`new-${k}.example.com`],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: `svc-${k % NAMESPACES}`, port: 8080 }] }],
      },
    });
    reconcile([...snapshot.httpRoutes, route], added);
    reconcile([...snapshot.httpRoutes], deleted);
  }
  const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;
  const line = (t: StageTimes) => (['graph', 'status', 'translate', 'total', 'diagnostics'] as const).map((k) => `${k} ${ms(p(t[k], 0.5))}/${ms(p(t[k], 0.99))}`).join(', ');
  console.log(`controller new route on a new hostname at ${snapshot.httpRoutes.length} routes, with caches (p50/p99): ${line(added)} (${samples} adds)`);
  console.log(`controller that route deleted at ${snapshot.httpRoutes.length} routes, with caches (p50/p99): ${line(deleted)} (${samples} deletes)`);
}

/** A full GC on demand, without asking for a node flag (`npm run bench` runs plain tsx). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap in use after a full GC with the world, its graph, statuses and IR alive. */
async function reportHeap(snapshot: ResourceSnapshot): Promise<void> {
  const gc = exposeGc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const graph = buildGraph(snapshot);
  const statuses = computeStatuses(graph, STATUS_INPUTS);
  const ir = translateGraph(graph);
  gc();
  const after = process.memoryUsage().heapUsed;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `controller heap at ${snapshot.httpRoutes.length} routes: ${mb(after)} used in all, ${mb(after - before)} for graph + status + IR`,
  );
  // Keep the outputs reachable until measured.
  if (!graph || !statuses || !ir) throw new Error('unreachable');
}
