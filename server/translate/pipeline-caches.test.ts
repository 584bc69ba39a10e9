import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache, type GraphCache } from '@/server/graph/graph-cache';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { createStatusCache, type StatusCache } from '@/server/status/status-cache';
import { parseGoldenCase } from '@/server/status/testing/golden-case';
import type { StatusInputs } from '@/server/status/status-types';
import { createTranslateCache, type TranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * The caches the controller keeps for its lifetime (GraphCache, StatusCache, TranslateCache) must never
 * change an answer: a stale entry would be a silent routing bug. For every golden world, a long
 * sequence of changes (routes added, edited, deleted; grants removed and restored; Services
 * edited and deleted; EndpointSlices changed) runs through one pair of caches, and after every
 * step the graph, the statuses and the IR (with its version) must equal a fresh, uncached run.
 */
type ListField = Exclude<keyof ResourceSnapshot, 'controllerName'>;

const testdata = fileURLToPath(new URL('./testdata/', import.meta.url));
const cases = readdirSync(testdata)
  .filter((f) => f.endsWith('.in.yaml'))
  .map((f) => f.slice(0, -'.in.yaml'.length))
  .sort();

const routeFields: ListField[] = ['httpRoutes', 'grpcRoutes'];

interface Step {
  name: string;
  snapshot: ResourceSnapshot;
}

/** Informers replace changed objects, never mutate them: every edit is a copy. */
function edit(o: K8sObject, change: (copy: K8sObject) => void): K8sObject {
  const copy = structuredClone(o);
  change(copy);
  copy.metadata.generation = (copy.metadata.generation ?? 1) + 1;
  return copy;
}

function replaceAt(s: ResourceSnapshot, field: ListField, index: number, next: K8sObject | undefined): ResourceSnapshot {
  const list = [...s[field]];
  if (next) list[index] = next;
  else list.splice(index, 1);
  return { ...s, [field]: list };
}

const specOf = (o: K8sObject) => (o.spec ?? {}) as Record<string, unknown>;
const rulesOf = (o: K8sObject) => (Array.isArray(specOf(o).rules) ? (specOf(o).rules as Record<string, unknown>[]) : undefined);

/**
 * A walk through changes, each step building on the last, so the caches carry state from step to
 * step. Each step is visited as soon as it exists (one step mutates an object in place).
 */
function walkChanges(base: ResourceSnapshot, visit: (step: Step) => void): number {
  let count = 0;
  let s = base;
  const push = (name: string, next: ResourceSnapshot) => {
    s = next;
    count++;
    visit({ name, snapshot: next });
  };
  push('initial', base);
  push('unchanged (same objects)', { ...base });
  for (const field of routeFields) {
    s[field].forEach((route, i) => {
      const n = route.metadata.name;
      const rules = rulesOf(route);
      if (rules && rules.length > 0) {
        push(`${field}/${n}: timeout on rule 0`, replaceAt(s, field, i, edit(route, (c) => void (rulesOf(c)![0]!.timeouts = field === 'httpRoutes' ? { request: '7s' } : undefined))));
        push(`${field}/${n}: weight on every backendRef`, replaceAt(s, field, i, edit(s[field][i]!, (c) => rulesOf(c)!.forEach((r) => (r.backendRefs as { weight?: number }[] | undefined)?.forEach((b) => (b.weight = 3))))));
        push(`${field}/${n}: rules reversed`, replaceAt(s, field, i, edit(s[field][i]!, (c) => rulesOf(c)!.reverse())));
        push(`${field}/${n}: backendRefs to a missing Service`, replaceAt(s, field, i, edit(s[field][i]!, (c) => rulesOf(c)!.forEach((r) => (r.backendRefs as { name: string }[] | undefined)?.forEach((b) => (b.name = 'nowhere'))))));
      }
      push(`${field}/${n}: hostnames changed`, replaceAt(s, field, i, edit(s[field][i]!, (c) => void (specOf(c).hostnames = ['changed.example.com']))));
      push(`${field}/${n}: an unknown filter`, replaceAt(s, field, i, edit(s[field][i]!, (c) => void (specOf(c).rules = [{ filters: [{ type: 'FromTheFuture' }] }, ...(rulesOf(c) ?? [])]))));
      push(`${field}/${n}: restored (the original object again)`, replaceAt(s, field, i, route));
      // A programming error elsewhere (a spec swapped on a cached object) must not be served stale.
      const mutable = structuredClone(route);
      push(`${field}/${n}: a private copy`, replaceAt(s, field, i, mutable));
      mutable.spec = { ...specOf(mutable), hostnames: ['swapped.example.com'] };
      push(`${field}/${n}: same object, spec swapped in place`, s);
      const swapped = { ...route, spec: structuredClone(route.spec) };
      rulesOf(swapped)?.pop();
      push(`${field}/${n}: spec replaced, same metadata`, replaceAt(s, field, i, swapped));
      push(`${field}/${n}: restored again`, replaceAt(s, field, i, route));
    });
  }
  // Delete every route, then add copies of them under new names (and the originals back).
  const before = s;
  for (const field of routeFields) {
    while (s[field].length > 0) push(`${field}: deleted ${s[field][0]!.metadata.name}`, replaceAt(s, field, 0, undefined));
  }
  for (const field of routeFields) {
    for (const route of before[field]) {
      const copy = edit(route, (c) => (c.metadata.name = `${c.metadata.name}-copy`));
      push(`${field}: added ${copy.metadata.name}`, { ...s, [field]: [...s[field], copy] });
    }
    for (const route of before[field]) push(`${field}: re-added ${route.metadata.name}`, { ...s, [field]: [...s[field], route] });
  }
  // ReferenceGrants: each removed, then all restored; then each narrowed to a name nothing uses.
  const grants = s.referenceGrants;
  for (let i = grants.length - 1; i >= 0; i--) push(`grant ${grants[i]!.metadata.name} removed`, replaceAt(s, 'referenceGrants', i, undefined));
  push('grants restored', { ...s, referenceGrants: grants });
  grants.forEach((g, i) => push(`grant ${g.metadata.name} narrowed`, replaceAt(s, 'referenceGrants', i, edit(g, (c) => ((specOf(c).to as { name?: string }[]).forEach((t) => (t.name = 'nobody')))))));
  push('grants restored again', { ...s, referenceGrants: grants });
  // Services: a port renumbered, an appProtocol added, deleted, restored.
  const services = s.services;
  services.forEach((svc, i) => {
    const ports = () => ((specOf(svc).ports as { port: number }[] | undefined) ?? []).length;
    if (ports() > 0) {
      push(`service ${svc.metadata.name}: port renumbered`, replaceAt(s, 'services', i, edit(svc, (c) => ((specOf(c).ports as { port: number }[])[0]!.port += 1))));
      // Only the endpoint resolution (translate) sees these: slice ports are found by name, then targetPort.
      push(`service ${svc.metadata.name}: targetPort changed`, replaceAt(s, 'services', i, edit(svc, (c) => ((specOf(c).ports as { targetPort?: number }[])[0]!.targetPort = 9999))));
      push(`service ${svc.metadata.name}: port renamed`, replaceAt(s, 'services', i, edit(svc, (c) => ((specOf(c).ports as { name?: string }[])[0]!.name = 'renamed'))));
      push(`service ${svc.metadata.name}: appProtocol`, replaceAt(s, 'services', i, edit(svc, (c) => ((specOf(c).ports as { appProtocol?: string }[])[0]!.appProtocol = 'kubernetes.io/h2c'))));
    }
    push(`service ${svc.metadata.name}: deleted`, replaceAt(s, 'services', i, undefined));
    push(`service ${svc.metadata.name}: restored`, { ...s, services: [...s.services.slice(0, i), svc, ...s.services.slice(i)] });
  });
  // EndpointSlices: addresses changed, readiness flipped, deleted.
  s.endpointSlices.forEach((slice, i) => {
    push(`slice ${slice.metadata.name}: address changed`, replaceAt(s, 'endpointSlices', i, edit(slice, (c) => ((c.endpoints as { addresses?: string[] }[] | undefined) ?? []).forEach((e) => (e.addresses = ['10.9.9.9'])))));
    push(`slice ${slice.metadata.name}: not ready`, replaceAt(s, 'endpointSlices', i, edit(s.endpointSlices[i]!, (c) => ((c.endpoints as { conditions?: { ready?: boolean } }[] | undefined) ?? []).forEach((e) => (e.conditions = { ready: false })))));
  });
  push('slices deleted', { ...s, endpointSlices: [] });
  push('everything as at first', base);
  return count;
}

/** The cached pipeline at one step against an uncached one on the same snapshot. */
function expectSameAsUncached(step: Step, inputs: StatusInputs, graphCache: GraphCache, translateCache: TranslateCache, statusCache: StatusCache): void {
  const cachedGraph = buildGraph(step.snapshot, { cache: graphCache });
  const freshGraph = buildGraph(step.snapshot);
  expect(cachedGraph, step.name).toEqual(freshGraph);
  expect(computeStatuses(cachedGraph, inputs, { cache: statusCache }), step.name).toEqual(computeStatuses(freshGraph, inputs));
  const cachedIr = translateGraph(cachedGraph, { cache: translateCache });
  const freshIr = translateGraph(freshGraph);
  expect(cachedIr, step.name).toEqual(freshIr);
  expect(cachedIr.version, step.name).toBe(freshIr.version);
}

describe('pipeline caches give exactly the uncached answers', () => {
  it('has golden worlds to walk', () => expect(cases.length).toBeGreaterThan(5));

  it.each(cases)('%s: through a long sequence of changes', (name) => {
    const { snapshot, inputs } = parseGoldenCase(readFileSync(`${testdata}${name}.in.yaml`, 'utf8'), name);
    const graphCache = createGraphCache();
    const translateCache = createTranslateCache();
    const statusCache = createStatusCache();
    const steps = walkChanges(snapshot, (step) => expectSameAsUncached(step, inputs, graphCache, translateCache, statusCache));
    expect(steps).toBeGreaterThan(3);
  });

  it('one pair of caches shared by every world in turn', () => {
    const graphCache = createGraphCache();
    const translateCache = createTranslateCache();
    const statusCache = createStatusCache();
    for (const name of [...cases, ...[...cases].reverse()]) {
      const { snapshot, inputs } = parseGoldenCase(readFileSync(`${testdata}${name}.in.yaml`, 'utf8'), name);
      expectSameAsUncached({ name, snapshot }, inputs, graphCache, translateCache, statusCache);
    }
  });
});
