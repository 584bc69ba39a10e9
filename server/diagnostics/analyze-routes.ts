import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { Graph } from '@/server/graph/graph-types';
import { byCodeUnit } from '@/server/diagnostics/describe-related';
import type { DiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';
import type { Finding, RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import { findHostnameCollisions } from '@/server/diagnostics/find-hostname-collisions';
import { findShadowedRules } from '@/server/diagnostics/find-shadowed-rules';

/**
 * Diagnostics for every route (issue 3 item 6): shadowed rules from the routing snapshot (what
 * the proxy really serves, in its order) and, given the graph (which knows each route's
 * intersected hostnames per listener), hostname collisions across namespaces. Pure and
 * deterministic: routes sorted by kind/namespace/name, findings by type, rule, match, hostname.
 * Routes without findings are left out. `cache` (createDiagnosticsCache) makes unchanged
 * listeners and routes cost a lookup; the result is equal without it.
 */
export function analyzeRoutes(snapshot: RoutingSnapshot, graph?: Graph, cache?: DiagnosticsCache): RouteDiagnostics[] {
  const byRoute = new Map<string, RouteDiagnostics>();
  const add = (r: { kind: RouteDiagnostics['kind']; namespace: string; name: string; finding: Finding }) => {
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    let d = byRoute.get(key);
    if (!d) byRoute.set(key, (d = { kind: r.kind, namespace: r.namespace, name: r.name, findings: [] }));
    d.findings.push(r.finding);
  };
  for (const f of findShadowedRules(snapshot, cache)) add(f);
  if (graph) for (const f of findHostnameCollisions(graph, cache)) add(f);
  const out = [...byRoute.values()].sort((a, b) => byCodeUnit(a.kind, b.kind) || byCodeUnit(a.namespace, b.namespace) || byCodeUnit(a.name, b.name));
  for (const d of out) d.findings.sort(compareFindings);
  return out;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    byCodeUnit(a.type, b.type) ||
    (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1) ||
    (a.matchIndex ?? -1) - (b.matchIndex ?? -1) ||
    byCodeUnit(a.hostnames.join(','), b.hostnames.join(',')) ||
    byCodeUnit(a.listeners.join(','), b.listeners.join(','))
  );
}
