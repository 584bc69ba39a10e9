import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { buildTopology } from '@/server/topology/build-topology';
import { filterTopology } from '@/server/topology/filter-topology';

/**
 * `npm run bench -- topology`: a generated world of 10 Gateways, 1,000 HTTPRoutes and 500
 * Services goes through the real pipeline (graph, status, topology model), then the real
 * TopologyCanvas renders it in headless Debian Chromium. Prints layout + first render time
 * (target < 2 s) and frames/s while panning (target >= 30), at the fitted zoom and at 100%.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GATEWAYS = 10;
const ROUTES = 1_000;
const SERVICES = 500;
const NAMESPACES = 20;
const G = 'gateway.networking.k8s.io/v1';

const obj = (apiVersion: string, kind: string, namespace: string | undefined, name: string, rest: Record<string, unknown>): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), generation: 1 },
  ...rest,
});

export function generateTopologyWorld(): K8sObject[] {
  const objects: K8sObject[] = [obj(G, 'GatewayClass', undefined, 'portico', { spec: { controllerName: 'portico.dev/gateway-controller' } })];
  for (let g = 0; g < GATEWAYS; g++) {
    objects.push(obj(G, 'Gateway', 'infra', `gw-${g}`, { spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] } }));
  }
  const ns = (i: number) => `team-${i % NAMESPACES}`;
  for (let s = 0; s < SERVICES; s++) {
    objects.push(obj('v1', 'Service', ns(s), `svc-${s}`, { spec: { ports: [{ port: 80 }] } }));
    objects.push(obj('discovery.k8s.io/v1', 'EndpointSlice', ns(s), `svc-${s}-1`, {
      metadata: { name: `svc-${s}-1`, namespace: ns(s), labels: { 'kubernetes.io/service-name': `svc-${s}` } },
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ port: 9000 }],
    }));
  }
  for (let r = 0; r < ROUTES; r++) {
    // Services s and s + NAMESPACES share the route's namespace; every 50th route names one that does not exist.
    const s = r % SERVICES;
    const other = (s + NAMESPACES) % SERVICES;
    const backendRefs = [
      { name: `svc-${s}`, port: 80, weight: 80 },
      { name: r % 50 === 0 ? `missing-${r}` : `svc-${other}`, port: 80, weight: 20 },
    ];
    objects.push(obj(G, 'HTTPRoute', ns(s), `route-${r}`, {
      spec: { parentRefs: [{ name: `gw-${r % GATEWAYS}`, namespace: 'infra' }], hostnames: [`r${r}.example.com`], rules: [{ backendRefs }] },
    }));
  }
  return objects;
}

export async function benchTopology(): Promise<void> {
  const snapshot = buildSnapshot(generateTopologyWorld());
  const graph = buildGraph(snapshot);
  const statuses = computeStatuses(graph, { supportedFeatures: [], bundleVersions: ['v1.6.1'], programming: new Map() });
  const t = performance.now();
  const model = filterTopology(buildTopology({ input: snapshot, graph, statuses }), () => true);
  const serverMs = performance.now() - t;

  const out = mkdtempSync(path.join(tmpdir(), 'portico-topology-bench-'));
  try {
    await build({
      entryPoints: [path.join(ROOT, 'bench', 'topology-bench-page.tsx')],
      bundle: true,
      outdir: out,
      format: 'iife',
      jsx: 'automatic',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      logLevel: 'error',
    });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
        if (process.env.BENCH_DEBUG) console.error(m.text());
      });
      await page.setContent('<!doctype html><html><body style="margin:0"><div id="root"></div></body></html>');
      await page.addStyleTag({ content: readFileSync(path.join(out, 'topology-bench-page.css'), 'utf8') });
      await page.evaluate((m) => ((window as unknown as { benchModel: unknown }).benchModel = m), model);
      await page.addScriptTag({ content: readFileSync(path.join(out, 'topology-bench-page.js'), 'utf8') });
      await page
        .waitForFunction(() => (window as unknown as { benchResult?: unknown; benchError?: string }).benchResult ?? (window as unknown as { benchError?: string }).benchError, undefined, { timeout: 120_000 })
        .catch((err: Error) => {
          throw new Error(`${err.message}; page errors: ${pageErrors.join(' | ') || '(none)'}`);
        });
      const { benchResult: r, benchError } = await page.evaluate(() => {
        const w = window as unknown as { benchResult?: Record<string, number>; benchError?: string };
        return { benchResult: w.benchResult, benchError: w.benchError };
      });
      if (!r) throw new Error(`the bench page failed: ${benchError ?? 'no result'}`);
      const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
      console.log(`topology: ${r.nodes} nodes, ${r.edges} edges (${GATEWAYS} Gateways, ${ROUTES} HTTPRoutes, ${SERVICES} Services)`);
      console.log(`  server model (build + filter):  ${serverMs.toFixed(0)} ms`);
      console.log(`  layout alone:                  ${r.layoutOnly!.toFixed(0)} ms`);
      console.log(`  layout + first render:          ${r.firstRender!.toFixed(0)} ms   target < 2000 ms: ${verdict(r.firstRender! < 2000)}`);
      console.log(`  idle frames/s (no panning):     ${r.fpsIdle!.toFixed(1)}   (what this machine gives the page right now)`);
      console.log(`  panning, initial view (${(r.initialZoom! * 100).toFixed(0)}%):   ${r.fpsFit!.toFixed(1)} frames/s   target >= 30: ${verdict(r.fpsFit! >= 30)}`);
      console.log(`  panning, 100% zoom:             ${r.fpsZoomed!.toFixed(1)} frames/s   target >= 30: ${verdict(r.fpsZoomed! >= 30)}`);
      console.log(`  panning, zoomed out to 10%:     ${r.fpsFar!.toFixed(1)} frames/s   (about 1,000 nodes on screen; informational)`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
