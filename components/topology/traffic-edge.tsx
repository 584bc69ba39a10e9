'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { TopologyEdge } from '@/lib/api/topology';
import { STATUS_COLOR } from '@/components/topology/status-style';
import { formatEdgeText, type EdgeTraffic } from '@/components/topology/format-traffic';
import { useZoomedOut } from '@/components/topology/use-zoomed-out';

export interface TrafficEdgeData extends Record<string, unknown> {
  edge: TopologyEdge;
  traffic?: EdgeTraffic;
}

export type TrafficFlowEdge = Edge<TrafficEdgeData, 'traffic'>;

/** Thicker with more requests/s (log scale), so hot paths stand out without drowning the rest. */
export function strokeWidthFor(rps: number | undefined): number {
  return 1.5 + Math.min(6, Math.log2(1 + (rps ?? 0)));
}

function TrafficEdgeImpl({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<TrafficFlowEdge>) {
  const zoomedOut = useZoomedOut();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  if (!data) return <BaseEdge path={path} />;
  const { edge, traffic } = data;
  const text = zoomedOut ? '' : formatEdgeText(edge, traffic);
  const dashed = edge.kind === 'grant' || edge.kind === 'mirror' || edge.status === 'error';
  return (
    <>
      <BaseEdge
        path={path}
        markerEnd={zoomedOut ? undefined : markerEnd}
        interactionWidth={zoomedOut ? 0 : 20}
        style={{ stroke: STATUS_COLOR[edge.status], strokeWidth: strokeWidthFor(traffic?.rps), strokeDasharray: dashed ? '6 4' : undefined }}
      />
      {text && (
        <EdgeLabelRenderer>
          <div
            aria-hidden="true"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            className={`pointer-events-none absolute max-w-[220px] rounded bg-white/90 px-1 text-[10px] leading-tight dark:bg-slate-900/90 ${edge.status === 'error' ? 'text-red-800 dark:text-red-300' : 'text-slate-700 dark:text-slate-200'}`}
          >
            {text}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const TrafficEdge = memo(TrafficEdgeImpl);
