import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectKey, type K8sObject } from '@/lib/k8s/object';
import { planStatusWork } from '@/server/controller/plan-status-work';
import { createSettledStatuses, skipSettledUpdates, type SettledStatuses } from '@/server/controller/skip-settled-updates';
import { planStatusUpdates, type StatusUpdate } from '@/server/controller/status-plan';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache, type GraphCache } from '@/server/graph/graph-cache';
import { PORTICO_CONTROLLER_NAME, type ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { createStatusCache, type StatusCache } from '@/server/status/status-cache';
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
function plainPass(s: ResourceSnapshot, settled: SettledStatuses) {
  const statuses = computeStatuses(buildGraph(s), { supportedFeatures: [], bundleVersions: ['v1.6.1'], programming: new Map() });
  const index = new Map<string, K8sObject>();
  for (const [kind, field] of Object.entries(FIELDS)) for (const o of s[field]) index.set(`${kind}/${objectKey(o.metadata)}`, o);
  const cached = (u: StatusUpdate) => index.get(`${u.kind}/${objectKey(u)}`);
  return { updates: skipSettledUpdates(planStatusUpdates(statuses, s), statuses, cached, settled), cached };
}

function workPass(s: ResourceSnapshot, settled: SettledStatuses, caches?: { graph: GraphCache; status: StatusCache }) {
  const graph = buildGraph(s, { cache: caches?.graph });
  const statuses = computeStatuses(graph, { supportedFeatures: [], bundleVersions: ['v1.6.1'], programming: new Map() }, { cache: caches?.status });
  return planStatusWork(statuses, graph, s, settled);
}

/** What each update would write, in order; and the snapshot after the writes (new objects, as the informer brings them). */
function apply(s: ResourceSnapshot, pass: { updates: StatusUpdate[]; cached: (u: StatusUpdate) => K8sObject | undefined }) {
  const writes: [string, unknown][] = [];
  let next = s;
  for (const u of pass.updates) {
    const current = pass.cached(u);
    const status = current ? u.statusFor(current, NOW) : undefined;
    writes.push([`${u.kind}/${objectKey(u)}`, status]);
    if (!current || status === undefined) continue;
    const field = FIELDS[u.kind];
    next = { ...next, [field]: next[field].map((o) => (o === current ? { ...o, status } : o)) };
  }
  return { writes, next };
}

describe('planStatusWork', () => {
  it.each(cases)('%s: plans what planning every route plans, pass after pass', (name) => {
    const base = parseGoldenCase(readFileSync(`${testdata}${name}.in.yaml`, 'utf8'), name).snapshot;
    // A route of ours that no longer names any Gateway, still carrying an entry of ours.
    const orphan: K8sObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: 'nowhere', name: 'orphan', generation: 1 },
      spec: { parentRefs: [{ name: 'gone' }] },
      status: { parents: [{ parentRef: { name: 'gone' }, controllerName: PORTICO_CONTROLLER_NAME, conditions: [] }] },
    };
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
