import { describe, expect, it } from 'vitest';
import type { Condition } from '@/lib/gateway-api/shared/conditions';
import type { K8sObject } from '@/lib/k8s/object';
import { planStatusUpdates } from '@/server/controller/status-plan';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { addDiagnosticConditions, MAX_PARENT_CONDITIONS } from '@/server/diagnostics/add-diagnostic-conditions';
import { analyzeRoutes } from '@/server/diagnostics/analyze-routes';
import { computeStatuses } from '@/server/status/compute-statuses';
import { DEFAULT_STATUS_INPUTS } from '@/server/status/testing/golden-case';
import type { DesiredStatuses } from '@/server/status/status-types';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * The diagnostic conditions through the controller's status plan: they appear on the affected
 * parent entry, an unchanged finding writes nothing, and they are removed when the finding goes.
 */
const GW = 'gateway.networking.k8s.io';
const T0 = '2026-11-26T08:00:00Z';
const T1 = '2026-11-26T09:00:00Z';
const T2 = '2026-11-26T10:00:00Z';

const base: K8sObject[] = [
  { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'portico', generation: 1 }, spec: { controllerName: 'portico.dev/gateway-controller' } },
  {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: { name: 'gw', namespace: 'infra', generation: 1 },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: 'team' }, spec: { ports: [{ port: 80 }] } },
];

function httpRoute(name: string, created: string, status?: unknown): K8sObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'team', generation: 1, creationTimestamp: created },
    spec: {
      parentRefs: [{ name: 'gw', namespace: 'infra' }],
      hostnames: ['app.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'app', port: 80 }] }],
    },
    ...(status === undefined ? {} : { status }),
  };
}

function desiredFor(objects: K8sObject[]): DesiredStatuses {
  const graph = buildGraph(buildSnapshot(objects));
  return addDiagnosticConditions(computeStatuses(graph, DEFAULT_STATUS_INPUTS), analyzeRoutes(translateGraph(graph), graph), graph);
}

/** What the status writer would write for `name` (undefined: nothing). */
function writeFor(objects: K8sObject[], name: string, now: string): Record<string, unknown> | undefined {
  const update = planStatusUpdates(desiredFor(objects), buildSnapshot(objects)).find((u) => u.name === name);
  const current = objects.find((o) => o.metadata.name === name);
  return update && current ? update.statusFor(current, now) : undefined;
}

const conditionsOf = (status: Record<string, unknown> | undefined): Condition[] =>
  ((status?.parents as { conditions: Condition[] }[] | undefined) ?? []).flatMap((p) => p.conditions);

describe('diagnostic conditions in route status', () => {
  it('appear on the shadowed route, are not rewritten while unchanged, and disappear with the shadowing route', () => {
    const first = httpRoute('first', '2026-01-01T00:00:00Z');
    // 1. The newer route with the same match is shadowed: the condition appears.
    let written = writeFor([...base, first, httpRoute('second', '2026-02-01T00:00:00Z')], 'second', T0);
    const shadowed = conditionsOf(written).find((c) => c.type === 'portico.dev/RulesShadowed');
    expect(shadowed).toMatchObject({ status: 'True', reason: 'ShadowedByHigherPrecedence', observedGeneration: 1, lastTransitionTime: T0 });
    expect(shadowed?.message).toContain('HTTPRoute first rule 0');
    expect(conditionsOf(written).map((c) => c.type)).toEqual(['Accepted', 'ResolvedRefs', 'portico.dev/RulesShadowed']);
    // The shadowing route itself gets nothing.
    expect(conditionsOf(writeFor([...base, first, httpRoute('second', '2026-02-01T00:00:00Z')], 'first', T0)).map((c) => c.type)).toEqual(['Accepted', 'ResolvedRefs']);

    // 2. Same state later: nothing to write (no churn).
    const storedSecond = httpRoute('second', '2026-02-01T00:00:00Z', written);
    expect(writeFor([...base, first, storedSecond], 'second', T1)).toBeUndefined();

    // 3. The shadowing route is deleted: the condition is removed, the others keep their times.
    written = writeFor([...base, storedSecond], 'second', T2);
    expect(conditionsOf(written).map((c) => c.type)).toEqual(['Accepted', 'ResolvedRefs']);
    expect(conditionsOf(written).every((c) => c.lastTransitionTime === T0)).toBe(true);
  });

  it('never pushes a parent entry past the 8-condition limit', () => {
    const graph = buildGraph(buildSnapshot([...base, httpRoute('first', '2026-01-01T00:00:00Z'), httpRoute('second', '2026-02-01T00:00:00Z')]));
    const statuses = computeStatuses(graph, DEFAULT_STATUS_INPUTS);
    const full = {
      ...statuses,
      routes: statuses.routes.map((r) => ({
        ...r,
        parents: r.parents.map((p) => ({
          ...p,
          conditions: [...p.conditions, ...Array.from({ length: MAX_PARENT_CONDITIONS - p.conditions.length }, (_, i) => ({ type: `x${i}`, status: 'True' as const, reason: 'X', message: '', observedGeneration: 1 }))],
        })),
      })),
    };
    const decorated = addDiagnosticConditions(full, analyzeRoutes(translateGraph(graph), graph), graph);
    for (const r of decorated.routes) for (const p of r.parents) expect(p.conditions.length).toBe(MAX_PARENT_CONDITIONS);
    expect(decorated).toEqual(full);
  });

  it('returns the statuses unchanged when there are no findings', () => {
    const graph = buildGraph(buildSnapshot([...base, httpRoute('only', '2026-01-01T00:00:00Z')]));
    const statuses = computeStatuses(graph, DEFAULT_STATUS_INPUTS);
    expect(addDiagnosticConditions(statuses, analyzeRoutes(translateGraph(graph), graph), graph)).toBe(statuses);
  });
});
