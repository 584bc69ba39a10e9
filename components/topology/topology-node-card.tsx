'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TopologyNode } from '@/lib/api/topology';
import { KIND_LABEL, STATUS_CARD_CLASS, STATUS_TEXT_CLASS, statusText } from '@/components/topology/status-style';
import { useTopologyActions } from '@/components/topology/topology-actions';
import { useZoomedOut } from '@/components/topology/use-zoomed-out';

export interface TopologyNodeData extends Record<string, unknown> {
  node: TopologyNode;
  /** Has children that collapse into it (listeners, rules). */
  collapsible: boolean;
  collapsed: boolean;
  /** Search: matches are highlighted, the rest dimmed; undefined when not searching. */
  match?: boolean;
}

export type TopologyFlowNode = Node<TopologyNodeData, 'topology'>;

/** One node's face: kind, name, and its status in words next to the colour. */
function TopologyNodeCardImpl({ data }: NodeProps<TopologyFlowNode>) {
  const { node, collapsible, collapsed, match } = data;
  const actions = useTopologyActions();
  const zoomedOut = useZoomedOut();
  const hidden = node.kind === 'Hidden';
  const border = hidden ? 'border-slate-400 border-dashed' : `${STATUS_CARD_CLASS[node.status]} ${node.kind === 'Missing' ? 'border-dashed' : ''}`;
  const emphasis = match === undefined ? '' : match ? 'ring-4 ring-sky-400' : 'opacity-40';
  // Zoomed far out the text cannot be read; the accessible name (on the node wrapper) still says it all.
  // The handles stay: edges are drawn between them, so without them no edge would render at all.
  if (zoomedOut) {
    return (
      <div className={`h-[68px] w-[232px] rounded-md border-4 bg-white dark:bg-slate-900 ${border} ${emphasis}`}>
        <Handle type="target" position={Position.Left} isConnectable={false} className="!opacity-0" />
        <Handle type="source" position={Position.Right} isConnectable={false} className="!opacity-0" />
      </div>
    );
  }
  return (
    <div className={`h-[68px] w-[232px] rounded-md border-2 bg-white px-2 py-1 text-xs shadow-sm dark:bg-slate-900 ${border} ${emphasis}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="!opacity-0" />
      <div className="flex items-center justify-between gap-1">
        <span className="font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">{KIND_LABEL[node.kind]}</span>
        {collapsible && (
          <button
            type="button"
            className="nodrag rounded border border-slate-300 px-1 leading-4 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
            aria-expanded={!collapsed}
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${node.kind} ${node.label}`}
            onClick={(e) => {
              e.stopPropagation();
              actions.toggleCollapsed(node.id);
            }}
          >
            {collapsed ? '+' : '−'}
          </button>
        )}
      </div>
      <div className="truncate text-sm font-medium" title={node.label}>
        {node.label}
      </div>
      {!hidden && <span className={`inline-block max-w-full truncate rounded px-1 ${STATUS_TEXT_CLASS[node.status]}`}>{statusText(node.status, node.summary)}</span>}
      <Handle type="source" position={Position.Right} isConnectable={false} className="!opacity-0" />
    </div>
  );
}

export const TopologyNodeCard = memo(TopologyNodeCardImpl);
