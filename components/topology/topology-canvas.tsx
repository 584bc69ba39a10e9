'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, MarkerType, MiniMap, Position, ReactFlow, useReactFlow, type NodeChange, type NodeHandle, type ReactFlowInstance } from '@xyflow/react';
import { memo, useCallback, useMemo, useRef } from 'react';
import { TOPOLOGY_STATUS_LABEL, type TopologyEdge, type TopologyNode, type TrafficResponse } from '@/lib/api/topology';
import { edgeTraffic, formatEdgeText, type EdgeTraffic } from '@/components/topology/format-traffic';
import { layoutTopology, structureKey, TOPOLOGY_NODE_HEIGHT as H, TOPOLOGY_NODE_WIDTH as W } from '@/components/topology/layout-topology';
import { KIND_LABEL, STATUS_COLOR, statusText } from '@/components/topology/status-style';
import { TopologyNodeCard, type TopologyFlowNode } from '@/components/topology/topology-node-card';
import { TrafficEdge, type TrafficFlowEdge } from '@/components/topology/traffic-edge';

// Module constants: React Flow re-creates every node and edge when these objects change identity.
const nodeTypes = { topology: TopologyNodeCard };
const edgeTypes = { traffic: TrafficEdge };
// Fixed handles and sizes: nodes need no DOM measurement before edges can be drawn.
const HANDLES: NodeHandle[] = [
  { type: 'target', position: Position.Left, x: 0, y: H / 2 - 0.5, width: 1, height: 1 },
  { type: 'source', position: Position.Right, x: W - 1, y: H / 2 - 0.5, width: 1, height: 1 },
];
const PRO_OPTIONS = { hideAttribution: false };
/** Large graphs draw only what is on screen, which keeps panning smooth. */
const VISIBLE_ONLY_ABOVE = 300;
/** A big graph opens at a readable zoom around its centre rather than as an unreadable speck (the minimap shows the rest). */
const BIG_GRAPH_FIT = { minZoom: 0.5 };

const EDGE_WORD: Record<TopologyEdge['kind'], string> = {
  class: 'Class edge',
  listener: 'Listener edge',
  attachment: 'Attachment edge',
  rule: 'Rule edge',
  backend: 'Backend edge',
  mirror: 'Mirror edge',
  grant: 'Grant edge',
};

export interface TopologyCanvasProps {
  nodes: readonly TopologyNode[];
  edges: readonly TopologyEdge[];
  traffic?: TrafficResponse;
  /** Lower-case search text; empty when not searching. */
  search: string;
  collapsed: ReadonlySet<string>;
  /** Nodes that have children to collapse. */
  collapsible: ReadonlySet<string>;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onInit?: (instance: ReactFlowInstance<TopologyFlowNode, TrafficFlowEdge>) => void;
  /** Content drawn over the canvas (toolbar). */
  children?: React.ReactNode;
}

function nodeName(node: TopologyNode | undefined): string {
  if (!node) return 'unknown';
  if (node.kind === 'Rule') return `rule ${node.name} (${node.label})`;
  if (node.kind === 'Hidden') return node.label;
  return `${KIND_LABEL[node.kind]} ${node.label}`;
}

function sameTraffic(a: EdgeTraffic | undefined, b: EdgeTraffic | undefined): boolean {
  return a === b || (!!a && !!b && a.rps === b.rps && a.errorRate === b.errorRate && a.p99Ms === b.p99Ms && a.share === b.share);
}

/**
 * The graph itself. Layout runs in a memo keyed on the structure only (node ids and edge ends),
 * so statuses and traffic numbers update in place; node and edge objects are reused when their
 * inputs did not change, so React Flow re-renders only what moved.
 */
function TopologyCanvasImpl({ nodes, edges, traffic, search, collapsed, collapsible, selectedId, onSelect, onInit, children }: TopologyCanvasProps) {
  const key = useMemo(() => structureKey({ nodes, edges }), [nodes, edges]);
  // Keyed on `key` alone on purpose: same structure, same positions.
  const positions = useMemo(() => layoutTopology({ nodes, edges }), [key]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);

  const nodeCache = useRef(new Map<string, TopologyFlowNode>());
  const flowNodes = useMemo(() => {
    const next = new Map<string, TopologyFlowNode>();
    const list = nodes.map((node) => {
      const position = positions.get(node.id) ?? { x: 0, y: 0 };
      const match = search ? node.label.toLowerCase().includes(search) || node.name.toLowerCase().includes(search) : undefined;
      const isCollapsed = collapsed.has(node.id);
      const selected = node.id === selectedId;
      const prev = nodeCache.current.get(node.id);
      const reuse =
        prev && prev.data.node === node && prev.position === position && prev.data.match === match && prev.data.collapsed === isCollapsed && prev.selected === selected;
      const flowNode: TopologyFlowNode = reuse
        ? prev
        : {
            id: node.id,
            type: 'topology',
            position,
            data: { node, collapsible: collapsible.has(node.id), collapsed: isCollapsed, ...(match === undefined ? {} : { match }) },
            selected,
            draggable: false,
            connectable: false,
            width: W,
            height: H,
            measured: { width: W, height: H },
            handles: HANDLES,
            ariaLabel: node.kind === 'Hidden' ? node.label : `${nodeName(node)}: ${statusText(node.status, node.summary)}`,
          };
      next.set(node.id, flowNode);
      return flowNode;
    });
    nodeCache.current = next;
    return list;
  }, [nodes, positions, search, collapsed, collapsible, selectedId]);

  const edgeCache = useRef(new Map<string, TrafficFlowEdge>());
  const flowEdges = useMemo(() => {
    const next = new Map<string, TrafficFlowEdge>();
    const rules = traffic?.rules ?? {};
    const backends = traffic?.backends ?? {};
    const list = edges.map((edge) => {
      const t = edgeTraffic(edge, rules, backends);
      const prev = edgeCache.current.get(edge.id);
      if (prev && prev.data?.edge === edge && sameTraffic(prev.data.traffic, t)) {
        next.set(edge.id, prev);
        return prev;
      }
      const text = formatEdgeText(edge, t);
      const flowEdge: TrafficFlowEdge = {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: 'traffic',
        data: { edge, ...(t ? { traffic: t } : {}) },
        markerEnd: { type: MarkerType.ArrowClosed, color: STATUS_COLOR[edge.status] },
        ariaLabel: `${EDGE_WORD[edge.kind]} from ${nodeName(byId.get(edge.source))} to ${nodeName(byId.get(edge.target))}: ${TOPOLOGY_STATUS_LABEL[edge.status]}${edge.reason ? ` (${edge.reason})` : ''}${text ? `, ${text}` : ''}`,
      };
      next.set(edge.id, flowEdge);
      return flowEdge;
    });
    edgeCache.current = next;
    return list;
  }, [edges, traffic, byId]);

  const onNodesChange = useCallback(
    (changes: NodeChange<TopologyFlowNode>[]) => {
      // Positions come from the layout; only selection (click, or Enter on a focused node) is taken.
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && picked.type === 'select') onSelect(picked.id);
    },
    [onSelect],
  );

  return (
    <ReactFlow<TopologyFlowNode, TrafficFlowEdge>
      nodes={flowNodes}
      edges={flowEdges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onPaneClick={() => onSelect(null)}
      onInit={onInit}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesReconnectable={false}
      deleteKeyCode={null}
      onlyRenderVisibleElements={nodes.length > VISIBLE_ONLY_ABOVE}
      minZoom={0.05}
      maxZoom={2}
      fitView
      fitViewOptions={nodes.length > VISIBLE_ONLY_ABOVE ? BIG_GRAPH_FIT : undefined}
      proOptions={PRO_OPTIONS}
      aria-label="Routing topology graph"
    >
      <Background />
      <Controls showInteractive={false} />
      {/* The minimap repaints every node on each pan: measured at half the frame rate with 2,500 nodes, so big graphs go without it. */}
      {nodes.length <= VISIBLE_ONLY_ABOVE && (
        <MiniMap pannable zoomable ariaLabel="Topology overview" nodeColor={(n) => STATUS_COLOR[(n.data as { node: TopologyNode }).node.status]} />
      )}
      {children}
    </ReactFlow>
  );
}

export const TopologyCanvas = memo(TopologyCanvasImpl);

/** Frames the nodes matching the search (or everything). */
export function useFitMatches(): (ids: string[]) => void {
  const flow = useReactFlow();
  return useCallback((ids: string[]) => void flow.fitView(ids.length > 0 ? { nodes: ids.map((id) => ({ id })), duration: 300, maxZoom: 1.2 } : { duration: 300 }), [flow]);
}

