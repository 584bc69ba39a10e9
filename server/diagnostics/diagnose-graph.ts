import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { Graph } from '@/server/graph/graph-types';
import { addDiagnosticConditions } from '@/server/diagnostics/add-diagnostic-conditions';
import { analyzeRoutes } from '@/server/diagnostics/analyze-routes';
import type { RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import type { DesiredStatuses } from '@/server/status/status-types';
import { createTranslateCache, type TranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

export interface DiagnosedGraph {
  /** The routing snapshot the findings were computed from (what the proxy would be sent). */
  snapshot: RoutingSnapshot;
  diagnostics: RouteDiagnostics[];
  /** `statuses` with the diagnostic conditions added. */
  statuses: DesiredStatuses;
}

/**
 * The diagnostics step of a reconcile: translate the graph (through `cache`, so an unchanged
 * cluster costs little), analyse what the proxy would serve, and add the findings to the desired
 * route statuses. Pure apart from filling the cache.
 */
export function diagnoseGraph(graph: Graph, statuses: DesiredStatuses, cache: TranslateCache = createTranslateCache()): DiagnosedGraph {
  const snapshot = translateGraph(graph, { cache });
  const diagnostics = analyzeRoutes(snapshot, graph);
  return { snapshot, diagnostics, statuses: addDiagnosticConditions(statuses, diagnostics, graph) };
}
