import type { TopologyEdge, TopologyModel, TopologyNode } from '@/lib/api/topology';

/**
 * Collapsing a Gateway hides its listeners, collapsing a route hides its rules: their edges are
 * re-attached to the collapsed node (merged when several land on the same pair), so the chain
 * stays connected. Pure; the view memoises it on the model and the collapsed set.
 */
export function collapseTopology(model: Pick<TopologyModel, 'nodes' | 'edges'>, collapsed: ReadonlySet<string>): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  if (collapsed.size === 0) return { nodes: model.nodes, edges: model.edges };
  const into = new Map<string, string>();
  for (const node of model.nodes) if (node.parent && collapsed.has(node.parent)) into.set(node.id, node.parent);
  const nodes = model.nodes.filter((n) => !into.has(n.id));
  const edges = new Map<string, TopologyEdge>();
  for (const edge of model.edges) {
    const source = into.get(edge.source) ?? edge.source;
    const target = into.get(edge.target) ?? edge.target;
    if (source === target) continue;
    if (source === edge.source && target === edge.target) {
      edges.set(edge.id, edge);
      continue;
    }
    const id = `${edge.kind}:${source}->${target}`;
    const existing = edges.get(id);
    if (existing) {
      // Merged edges keep the worst status (with its reason) and no per-edge numbers.
      const worst = RANK[edge.status] > RANK[existing.status] ? edge : existing;
      edges.set(id, { ...existing, status: worst.status, reason: worst.reason, message: worst.message, label: undefined, traffic: undefined, weight: undefined, configuredShare: undefined });
    } else {
      edges.set(id, { ...edge, id, source, target });
    }
  }
  return { nodes, edges: [...edges.values()] };
}

const RANK = { accepted: 0, warning: 1, error: 2 } as const;
