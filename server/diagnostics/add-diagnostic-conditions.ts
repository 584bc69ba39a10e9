import { routeHostnameConflict, routeRulesShadowed } from '@/lib/gateway-api/conditions/diagnostic-conditions';
import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import type { ParentReference } from '@/lib/gateway-api/shared/refs';
import type { Graph, ParentBinding, RouteNode } from '@/server/graph/graph-types';
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
  // Indexed by kind, namespace and name without building a key string per route: this runs
  // over every route on every reconcile, and few routes have findings.
  const findings = new KeyIndex<readonly Finding[]>();
  for (const d of diagnostics) findings.set(d.kind, d.namespace, d.name, d.findings, false);
  const nodes = new KeyIndex<RouteNode>();
  for (const r of graph.routes) if (findings.get(r.kind, r.namespace, r.name)?.length) nodes.set(r.kind, r.namespace, r.name, r, true);
  return {
    ...statuses,
    routes: statuses.routes.map((route) => {
      const mine = findings.get(route.kind, route.namespace, route.name);
      const node = mine?.length ? nodes.get(route.kind, route.namespace, route.name) : undefined;
      return !mine || !node ? route : withDiagnostics(route, node, mine);
    }),
  };
}

/** kind -> namespace -> name -> value; `replace` says whether a later value for a key wins (as in a Map) or the first (as in a find). */
class KeyIndex<V> {
  private readonly byKind = new Map<string, Map<string, Map<string, V>>>();

  set(kind: string, namespace: string, name: string, value: V, replace: boolean): void {
    let byNamespace = this.byKind.get(kind);
    if (!byNamespace) this.byKind.set(kind, (byNamespace = new Map()));
    let byName = byNamespace.get(namespace);
    if (!byName) byNamespace.set(namespace, (byName = new Map()));
    if (replace || !byName.has(name)) byName.set(name, value);
  }

  get(kind: string, namespace: string, name: string): V | undefined {
    return this.byKind.get(kind)?.get(namespace)?.get(name);
  }
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
