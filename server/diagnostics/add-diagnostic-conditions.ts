import { routeHostnameConflict, routeRulesShadowed } from '@/lib/gateway-api/conditions/diagnostic-conditions';
import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import type { ParentReference } from '@/lib/gateway-api/shared/refs';
import type { Graph, ParentBinding, RouteNode } from '@/server/graph/graph-types';
import { diagnosticsForRoute } from '@/server/diagnostics/diagnostics-for-route';
import type { Finding, RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import { observeConditions } from '@/server/status/observe';
import type { DesiredStatuses, RouteDesiredStatus, RouteParentDesiredStatus } from '@/server/status/status-types';

/** RouteParentStatus.conditions holds at most 8 (CRD maxItems); diagnostics never push out a Gateway API condition. */
export const MAX_PARENT_CONDITIONS = 8;

/** Findings quoted in one condition message; the rest are counted (the console lists them all). */
const MAX_FINDINGS_PER_MESSAGE = 8;

/**
 * Desired statuses with the diagnostic conditions added (issue 3 item 6): on each route parent
 * entry whose listeners (as bound in the graph) are where a finding holds,
 * `portico.dev/RulesShadowed` and/or `portico.dev/HostnameConflict`. Entries without findings
 * are returned as they were, so the conditions disappear when the findings do, and unchanged
 * findings give identical desired status (no rewrites). Pure; the input is not modified.
 */
export function addDiagnosticConditions(statuses: DesiredStatuses, diagnostics: readonly RouteDiagnostics[], graph: Graph): DesiredStatuses {
  if (diagnostics.length === 0) return statuses;
  const nodes = new Map(graph.routes.map((r) => [`${r.kind}/${r.key}`, r]));
  return {
    ...statuses,
    routes: statuses.routes.map((route) => {
      const findings = diagnosticsForRoute(diagnostics, route.kind, route.namespace, route.name);
      const node = nodes.get(`${route.kind}/${route.namespace}/${route.name}`);
      return findings.length === 0 || !node ? route : withDiagnostics(route, node, findings);
    }),
  };
}

function withDiagnostics(route: RouteDesiredStatus, node: RouteNode, findings: readonly Finding[]): RouteDesiredStatus {
  return {
    ...route,
    parents: route.parents.map((parent): RouteParentDesiredStatus => {
      const binding = node.parents.find((b) => sameParentRef(b.parentRef, parent.parentRef));
      if (!binding) return parent;
      const listeners = listenersOf(binding);
      const here = findings.filter((f) => f.listeners.some((l) => listeners.has(l)));
      const wanted: DesiredCondition[] = [];
      const shadowed = here.filter((f) => f.type === 'ShadowedRule');
      if (shadowed.length > 0) wanted.push(routeRulesShadowed(summarize(shadowed)));
      const collisions = here.filter((f) => f.type === 'HostnameCollision');
      if (collisions.length > 0) wanted.push(routeHostnameConflict(summarize(collisions)));
      const room = Math.max(0, MAX_PARENT_CONDITIONS - parent.conditions.length);
      if (room === 0 || wanted.length === 0) return parent;
      return { ...parent, conditions: [...parent.conditions, ...observeConditions(wanted.slice(0, room), route.generation)] };
    }),
  };
}

function listenersOf(binding: ParentBinding): Set<string> {
  return new Set(binding.listeners.map((l) => `${binding.gatewayKey}/${l.listenerName}`));
}

/** Messages of the findings, in their (sorted) order, the first few quoted. */
function summarize(findings: readonly Finding[]): string {
  const quoted = findings.slice(0, MAX_FINDINGS_PER_MESSAGE).map((f) => capitalize(f.message));
  const more = findings.length - quoted.length;
  return more > 0 ? `${quoted.join(' ')} And ${more} more (see the route's diagnostics in the Portico console).` : quoted.join(' ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function sameParentRef(a: ParentReference, b: ParentReference): boolean {
  return (
    a.group === b.group &&
    a.kind === b.kind &&
    a.name === b.name &&
    (a.namespace || undefined) === (b.namespace || undefined) &&
    (a.sectionName || undefined) === (b.sectionName || undefined) &&
    a.port === b.port
  );
}
