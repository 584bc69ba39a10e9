import type { Graph } from '@/server/graph/graph-types';

/**
 * The generation of every Gateway a snapshot was translated from, by `namespace/name`: what the
 * publisher reports as `observedGeneration` once a proxy acknowledges that snapshot.
 */
export function gatewayGenerations(graph: Pick<Graph, 'gateways'>): Map<string, number> {
  return new Map(graph.gateways.map((g) => [g.key, g.generation]));
}
