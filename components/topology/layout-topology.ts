import { Graph, layout } from '@dagrejs/dagre';
import { layoutLayered } from '@/components/topology/layered-layout';

export const TOPOLOGY_NODE_WIDTH = 232;
export const TOPOLOGY_NODE_HEIGHT = 68;
const NODE_GAP = 18;
const RANK_GAP = 90;
/**
 * dagre (crossing minimisation, network-simplex ranks) up to this many nodes; above it its cost
 * grows to seconds, and the linear layered layout keeps first render under the 2 s budget.
 */
export const DAGRE_MAX_NODES = 300;

export interface LayoutInput {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string }[];
}

export interface Point {
  x: number;
  y: number;
}

/**
 * A key that changes only when the graph's structure does (node ids, edge ends): the layout is
 * memoised on it, so status and traffic updates never move a node.
 */
export function structureKey(input: LayoutInput): string {
  const nodes = input.nodes.map((n) => n.id).sort();
  const edges = input.edges.map((e) => `${e.source}>${e.target}`).sort();
  return `${nodes.join('\n')}\n--\n${edges.join('\n')}`;
}

/**
 * Layered left-to-right layout with fixed node sizes, so it needs no DOM measurement and runs
 * outside render: dagre for ordinary graphs, layoutLayered for big ones. Returns each node's
 * top-left position.
 */
export function layoutTopology(input: LayoutInput): Map<string, Point> {
  if (input.nodes.length > DAGRE_MAX_NODES) {
    return layoutLayered(input, { width: TOPOLOGY_NODE_WIDTH, height: TOPOLOGY_NODE_HEIGHT, rankGap: RANK_GAP, nodeGap: NODE_GAP });
  }
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of input.nodes) g.setNode(node.id, { width: TOPOLOGY_NODE_WIDTH, height: TOPOLOGY_NODE_HEIGHT });
  for (const edge of input.edges) {
    if (g.hasNode(edge.source) && g.hasNode(edge.target)) g.setEdge(edge.source, edge.target);
  }
  layout(g);
  const positions = new Map<string, Point>();
  for (const node of input.nodes) {
    const placed = g.node(node.id) as { x: number; y: number } | undefined;
    positions.set(node.id, placed ? { x: placed.x - TOPOLOGY_NODE_WIDTH / 2, y: placed.y - TOPOLOGY_NODE_HEIGHT / 2 } : { x: 0, y: 0 });
  }
  return positions;
}
