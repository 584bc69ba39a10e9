import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import type { TopologyModel } from '@/lib/api/topology';
import { layoutTopology } from '@/components/topology/layout-topology';
import { TopologyCanvas } from '@/components/topology/topology-canvas';

/**
 * The browser half of `npm run bench -- topology`: renders the real TopologyCanvas with a
 * generated model and reports, on `window.benchResult`, layout alone, layout + first render,
 * and frames per second while panning programmatically.
 */

interface BenchWindow {
  benchModel: TopologyModel;
  benchResult?: Record<string, number>;
  benchError?: string;
}
const w = window as unknown as BenchWindow;
const NONE = new Set<string>();
const noop = () => {};

function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

async function panFps(flow: ReturnType<typeof useReactFlow>, zoom: number, ms: number): Promise<number> {
  const start = flow.getViewport();
  await flow.setViewport({ x: start.x, y: start.y, zoom });
  await nextFrame();
  let frames = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < ms) {
    now = await nextFrame();
    frames++;
    const t = (now - t0) / ms;
    void flow.setViewport({ x: start.x - 2000 * t, y: start.y - 600 * Math.sin(t * Math.PI), zoom });
  }
  return (frames * 1000) / (now - t0);
}

let started = false;

function Probe({ t0 }: { t0: number }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (started) return;
    started = true;
    void (async () => {
      try {
        await nextFrame();
        await nextFrame();
        const firstRender = performance.now() - t0;
        console.info(`bench: first render ${firstRender.toFixed(0)} ms`);
        const layoutStart = performance.now();
        layoutTopology({ nodes: w.benchModel.nodes, edges: w.benchModel.edges });
        const layoutOnly = performance.now() - layoutStart;
        console.info(`bench: layout alone ${layoutOnly.toFixed(0)} ms`);
        const idleStart = performance.now();
        let idleFrames = 0;
        while (performance.now() - idleStart < 1000) {
          await nextFrame();
          idleFrames++;
        }
        const fpsIdle = (idleFrames * 1000) / (performance.now() - idleStart);
        const initialZoom = flow.getViewport().zoom;
        const fpsFit = await panFps(flow, initialZoom, 3000);
        console.info(`bench: fps initial view ${fpsFit.toFixed(1)}`);
        const fpsZoomed = await panFps(flow, 1, 3000);
        const fpsFar = await panFps(flow, 0.1, 3000);
        w.benchResult = { firstRender, layoutOnly, fpsIdle, initialZoom, fpsFit, fpsZoomed, fpsFar, nodes: w.benchModel.nodes.length, edges: w.benchModel.edges.length };
      } catch (err) {
        w.benchError = (err as Error).message;
      }
    })();
  }, [flow]);
  return null;
}

const model = w.benchModel;
const t0 = performance.now();
createRoot(document.getElementById('root')!).render(
  <ReactFlowProvider>
    <div style={{ width: 1400, height: 900 }}>
      <TopologyCanvas nodes={model.nodes} edges={model.edges} search="" collapsed={NONE} collapsible={NONE} selectedId={null} onSelect={noop} />
    </div>
    <Probe t0={t0} />
  </ReactFlowProvider>,
);
