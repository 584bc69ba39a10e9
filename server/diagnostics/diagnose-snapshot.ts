import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { Graph } from '@/server/graph/graph-types';
import { addDiagnosticConditions } from '@/server/diagnostics/add-diagnostic-conditions';
import { analyzeRoutes } from '@/server/diagnostics/analyze-routes';
import type { DiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';
import type { RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import type { DesiredStatuses } from '@/server/status/status-types';

export interface DiagnosedStatuses {
  diagnostics: RouteDiagnostics[];
  /** `statuses` with the diagnostic conditions added. */
  statuses: DesiredStatuses;
}

/**
 * The diagnostics stage of a reconcile: analyse what the proxy will serve (the snapshot the
 * translate stage made from `graph`) and add the findings to the desired route statuses.
 * `cache` (createDiagnosticsCache, kept for the controller's lifetime) only saves work.
 */
export function diagnoseSnapshot(snapshot: RoutingSnapshot, graph: Graph, statuses: DesiredStatuses, cache?: DiagnosticsCache): DiagnosedStatuses {
  const diagnostics = analyzeRoutes(snapshot, graph, cache);
  return { diagnostics, statuses: addDiagnosticConditions(statuses, diagnostics, graph) };
}
