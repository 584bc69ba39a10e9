import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectKey, type K8sObject } from '@/lib/k8s/object';
import { createStatusPlanMemory, planStatusWork, type StatusPlanMemory } from '@/server/controller/plan-status-work';
import { createSettledStatuses, skipSettledUpdates, type SettledStatuses } from '@/server/controller/skip-settled-updates';
import { planStatusUpdates, type StatusUpdate } from '@/server/controller/status-plan';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache, type GraphCache } from '@/server/graph/graph-cache';
import { PORTICO_CONTROLLER_NAME, type ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { createStatusCache, type StatusCache } from '@/server/status/status-cache';
import type { DesiredStatuses } from '@/server/status/status-types';
import { parseGoldenCase } from '@/server/status/testing/golden-case';

/**
 * planStatusWork must plan exactly what planning every route and skipping the settled ones
 * plans: the same updates (kind, name, what each would write) on every pass, as the informer
 * brings back what was written, and with a route that lost its Gateway still carrying our entries.
 */
const testdata = fileURLToPath(new URL('../translate/testdata/', import.meta.url));
const cases = readdirSync(testdata)
  .filter((f) => f.endsWith('.in.yaml'))
  .map((f) => f.slice(0, -'.in.yaml'.length))
  .sort();
const NOW = '2026-11-26T08:00:00Z';
type ObjectField = 'gatewayClasses' | 'gateways' | 'httpRoutes' | 'grpcRoutes';
const FIELDS: Record<StatusUpdate['kind'], ObjectField> = { GatewayClass: 'gatewayClasses', Gateway: 'gateways', HTTPRoute: 'httpRoutes', GRPCRoute: 'grpcRoutes' };

/** The plain path: every route planned, then the settled ones skipped (what the controller did before). */
function plainPass(s: ResourceSnapshot, settled: SettledStatuses, decorate?: (d: DesiredStatuses) => DesiredStatuses) {
  const computed = computeStatuses(buildGraph(s), { supportedFeatures: [], bundleVersions: ['v1.6.1'], programming: new Map() });
  const statuses = decorate ? decorate(computed) : computed;
  const index = new Map<string, K8sObject>();
  for (const [kind, field] of Object.entries(FIELDS)) for (const o of s[field]) index.set(`${kind}/${objectKey(o.metadata)}`, o);
  const cached = (u: StatusUpdate) => index.get(`${u.kind}/${objectKey(u)}`);
  return { updates: skipSettledUpdates(planStatusUpdates(statuses, s), statuses, cached, settled), cached };
}

function workPass(s: ResourceSnapshot, settled: SettledStatuses, caches?: { graph: GraphCache; status: StatusCache }, memory?: StatusPlanMemory, decorate?: (d: DesiredStatuses) => DesiredStatuses) {
  const graph = buildGraph(s, { cache: caches?.graph });
  const statuses = computeStatuses(graph, { supportedFeatures: [], bundleVersions: ['v1.6.1'], programming: new Map() }, { cache: caches?.status });
  return planStatusWork(decorate ? decorate(statuses) : statuses, graph, s, settled, memory);
}

/**
 * Route `key`'s desired status with one more condition on some steps, as diagnostics add one: a
 * new status for a node that did not change.
 */
function decorateRoute(step: number, key: string): (d: DesiredStatuses) => DesiredStatuses {
  const condition = { type: 'portico.dev/Test', status: 'True' as const, reason: 'Test', message: 'decorated' };
  return (d) => {
    if (step % 4 < 2) return d;
    const routes = d.routes.map((r) =>
      `${r.kind}/${r.namespace}/${r.name}` === key ? { ...r, parents: r.parents.map((p) => ({ ...p, conditions: [...p.conditions, { ...condition, observedGeneration: r.generation }] })) } : r,
    );
    return { ...d, routes };
  };
}

/** Step `step`'s change to the routes, as an informer brings it (changed objects are new objects): edit, add, delete, orphan. */
function editRoutes(s: ResourceSnapshot, step: number, orphan: K8sObject): ResourceSnapshot {
  const routes = s.httpRoutes;
  if (routes.length === 0) return s;
  const at = (step * 7) % routes.length;
  switch (step % 5) {
    case 0: {
      const edited = structuredClone(routes[at]!);
      edited.metadata.generation = (edited.metadata.generation ?? 1) + 1;
      (edited.spec as { hostnames?: string[] }).hostnames = [`edited-${step}.example.com`];
      return { ...s, httpRoutes: routes.map((r, i) => (i === at ? edited : r)) };
    }
    case 1: {
      const added = structuredClone(routes[at]!);
      added.metadata = { ...added.metadata, name: `added-${step}`, generation: 1 };
      delete added.status;
      return { ...s, httpRoutes: [...routes, added] };
    }
    case 2:
      return { ...s, httpRoutes: routes.filter((_, i) => i !== at) };
    case 3:
      return routes.some((r) => r.metadata.name === orphan.metadata.name) ? { ...s, httpRoutes: routes.filter((r) => r.metadata.name !== orphan.metadata.name) } : { ...s, httpRoutes: [orphan, ...routes] };
    default:
      return s;
  }
}

/** What each update would write, in order; and the snapshot after the writes (new objects, as the informer brings them). */
function apply(s: ResourceSnapshot, pass: { updates: StatusUpdate[]; cached: (u: StatusUpdate) => K8sObject | undefined }, failing?: string) {
  const writes: [string, unknown][] = [];
  let next = s;
  for (const u of pass.updates) {
    // A write that fails (a 500, say) is never made: the route must be planned again next time.
    if (`${u.kind}/${objectKey(u)}` === failing) continue;
    const current = pass.cached(u);
    const status = current ? u.statusFor(current, NOW) : undefined;
    writes.push([`${u.kind}/${objectKey(u)}`, status]);
    if (!current || status === undefined) continue;
    const field = FIELDS[u.kind];
    next = { ...next, [field]: next[field].map((o) => (o === current ? { ...o, status } : o)) };
  }
  return { writes, next };
}

/** A route of ours that no longer names any Gateway, still carrying an entry of ours. */
const orphan: K8sObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { namespace: 'nowhere', name: 'orphan', generation: 1 },
  spec: { parentRefs: [{ name: 'gone' }] },
  status: { parents: [{ parentRef: { name: 'gone' }, controllerName: PORTICO_CONTROLLER_NAME, conditions: [] }] },
};

describe('planStatusWork', () => {
  it.each(cases)('%s: plans what planning every route plans, pass after pass', (name) => {
    const base = parseGoldenCase(readFileSync(`${testdata}${name}.in.yaml`, 'utf8'), name).snapshot;
    let plain: ResourceSnapshot = { ...base, httpRoutes: [...base.httpRoutes, orphan] };
    let work = plain;
    const plainSettled = createSettledStatuses();
    const workSettled = createSettledStatuses();
    let planned = 0;
    for (let pass = 0; pass < 4; pass++) {
      const a = apply(plain, plainPass(plain, plainSettled));
      const b = apply(work, workPass(work, workSettled));
      expect(b.writes, `pass ${pass}`).toEqual(a.writes);
      planned += a.writes.length;
      plain = a.next;
      work = b.next;
    }
    expect(planned).toBeGreaterThan(0);
  });

  it.each(cases)('%s: plans the same through the lifetime caches and its memory while routes are edited, added and deleted', (name) => {
    const base = parseGoldenCase(readFileSync(`${testdata}${name}.in.yaml`, 'utf8'), name).snapshot;
    let plain = base;
    let work = base;
    const plainSettled = createSettledStatuses();
    const workSettled = createSettledStatuses();
    const caches = { graph: createGraphCache(), status: createStatusCache() };
    const memory = createStatusPlanMemory();
    let writes = 0;
    let failed = 0;
    const first = base.httpRoutes[0] ?? base.grpcRoutes[0];
    const decorated = first ? `${first.kind}/${objectKey(first.metadata)}` : '';
    for (let step = 0; step < 24; step++) {
      // Every other pass only brings back what was written (the echo of our own writes).
      if (step % 2 === 1) {
        plain = editRoutes(plain, step >> 1, orphan);
        work = editRoutes(work, step >> 1, orphan);
      }
      const decorate = decorateRoute(step, decorated);
      const plainWork = plainPass(plain, plainSettled, decorate);
      // Every third pass, the first route status write fails.
      const failing = step % 3 === 2 ? apply(plain, plainWork).writes.find(([key, status]) => /^(HTTP|GRPC)Route\//.test(key) && key !== decorated && status !== undefined)?.[0] : undefined;
      failed += failing ? 1 : 0;
      const a = apply(plain, plainWork, failing);
      const b = apply(work, workPass(work, workSettled, caches, memory, decorate), failing);
      // (Settled routes are not planned at all here: compare what is written.)
      const written = (writes: [string, unknown][]) => writes.filter(([, status]) => status !== undefined);
      expect(written(b.writes), `step ${step}`).toEqual(written(a.writes));
      writes += written(a.writes).length;
      plain = a.next;
      work = b.next;
    }
    expect(writes).toBeGreaterThan(0);
    if (name === 'accepted-basics') expect(failed).toBeGreaterThan(0);
  });

  it('skips a settled route before planning anything for it', () => {
    const name = cases.find((c) => c === 'accepted-basics') ?? cases[0]!;
    let s = parseGoldenCase(readFileSync(`${testdata}${name}.in.yaml`, 'utf8'), name).snapshot;
    const settled = createSettledStatuses();
    // The controller's lifetime caches keep a route's desired status the same object while nothing it reads changed.
    const caches = { graph: createGraphCache(), status: createStatusCache() };
    for (let pass = 0; pass < 3; pass++) s = apply(s, workPass(s, settled, caches)).next;
    expect(s.httpRoutes.length).toBeGreaterThan(0);
    expect(workPass(s, settled, caches).updates.filter((u) => u.kind === 'HTTPRoute' || u.kind === 'GRPCRoute')).toEqual([]);
  });
});
