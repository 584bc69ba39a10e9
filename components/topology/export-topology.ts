'use client';

import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import type { TopologyModel } from '@/lib/api/topology';

const PADDING = 0.05;
const MAX_SIDE = 8_000;

function download(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * The whole current view (not just what is on screen) as PNG or SVG: the React Flow viewport
 * element rendered by html-to-image with a transform that fits every node.
 */
export async function exportTopologyImage(format: 'png' | 'svg', viewport: HTMLElement, nodes: Node[], dark: boolean): Promise<void> {
  const { toPng, toSvg } = await import('html-to-image');
  const bounds = getNodesBounds(nodes);
  const width = Math.min(MAX_SIDE, Math.max(640, Math.ceil(bounds.width * (1 + 2 * PADDING))));
  const height = Math.min(MAX_SIDE, Math.max(400, Math.ceil(bounds.height * (1 + 2 * PADDING))));
  const fit = getViewportForBounds(bounds, width, height, 0.1, 2, PADDING);
  const options = {
    backgroundColor: dark ? '#0f172a' : '#ffffff',
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.zoom})` },
  };
  const url = format === 'png' ? await toPng(viewport, options) : await toSvg(viewport, options);
  download(url, `topology.${format}`);
}

/** The graph as the API gave it (filters applied), for tools and bug reports. */
export function exportTopologyJson(model: TopologyModel): void {
  const blob = new Blob([`${JSON.stringify(model, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  download(url, 'topology.json');
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
