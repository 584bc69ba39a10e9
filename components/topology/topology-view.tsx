'use client';

import { Panel, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { TopologyModel } from '@/lib/api/topology';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { collapseTopology } from '@/components/topology/collapse-topology';
import { exportTopologyImage, exportTopologyJson } from '@/components/topology/export-topology';
import { NodeDetailPanel } from '@/components/topology/node-detail-panel';
import { TopologyActionsContext, type TopologyActions } from '@/components/topology/topology-actions';
import { TopologyCanvas, useFitMatches } from '@/components/topology/topology-canvas';
import { TopologyLegend } from '@/components/topology/topology-legend';
import { useTopologyModel, useTraffic } from '@/components/topology/use-topology-data';

const EMPTY: TopologyModel = { nodes: [], edges: [], namespaces: [], gateways: [], ready: false };

/**
 * The topology page's live part: filters (sent to the server, which also applies RBAC), search
 * and collapse (local), the graph, the selected node's details, and export.
 */
export function TopologyView() {
  return (
    <ReactFlowProvider>
      <TopologyViewInner />
    </ReactFlowProvider>
  );
}

function TopologyViewInner() {
  const [namespace, setNamespace] = useState('');
  const [gateway, setGateway] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim().toLowerCase());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<'png' | 'svg' | null>(null);

  const modelQuery = useTopologyModel({ namespace, gateway, problemsOnly });
  const trafficQuery = useTraffic();
  const model = modelQuery.data ?? EMPTY;

  const collapsible = useMemo(() => new Set(model.nodes.flatMap((n) => (n.parent ? [n.parent] : []))), [model.nodes]);
  const shown = useMemo(() => collapseTopology(model, collapsed), [model, collapsed]);
  const selected = selectedId ? model.nodes.find((n) => n.id === selectedId) : undefined;
  const matches = useMemo(() => (search ? shown.nodes.filter((n) => n.label.toLowerCase().includes(search) || n.name.toLowerCase().includes(search)).map((n) => n.id) : []), [shown.nodes, search]);

  const actions = useMemo<TopologyActions>(
    () => ({
      toggleCollapsed: (id) =>
        setCollapsed((prev) => {
          const next = new Set(prev);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      isCollapsed: (id) => collapsed.has(id),
    }),
    [collapsed],
  );
  const onSelect = useCallback((id: string | null) => setSelectedId(id), []);
  const flow = useReactFlow();
  const fitMatches = useFitMatches();

  const exportImage = async (format: 'png' | 'svg') => {
    setExportError(null);
    setExporting(format);
    try {
      const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
      if (!viewport) throw new Error('the graph is not drawn yet');
      await exportTopologyImage(format, viewport, flow.getNodes(), document.documentElement.classList.contains('dark'));
    } catch (err) {
      setExportError(`Export failed: ${(err as Error).message}`);
    } finally {
      setExporting(null);
    }
  };

  const traffic = trafficQuery.data;
  return (
    <div className="space-y-3">
      <form className="flex flex-wrap items-end gap-3" role="search" aria-label="Topology filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="Namespace"
          value={namespace}
          placeholder="All namespaces"
          options={model.namespaces.map((ns) => ({ value: ns, label: ns }))}
          onChange={(v) => {
            setNamespace(v);
            setSelectedId(null);
          }}
        />
        <Select
          label="Gateway"
          value={gateway}
          placeholder="All Gateways"
          options={model.gateways.map((g) => ({ value: g, label: g }))}
          onChange={(v) => {
            setGateway(v);
            setSelectedId(null);
          }}
        />
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
          Problems only
        </label>
        <TextField label="Search by name" type="search" value={searchText} onChange={setSearchText} />
        <Button onClick={() => fitMatches(matches)} disabled={search !== '' && matches.length === 0}>
          {search ? `Show ${matches.length} match${matches.length === 1 ? '' : 'es'}` : 'Fit all'}
        </Button>
      </form>

      <p role="status" aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
        {modelQuery.isPending
          ? 'Loading the topology…'
          : !model.ready
            ? 'The controller has not reconciled yet.'
            : `${shown.nodes.length} nodes, ${shown.edges.length} edges${traffic && !traffic.available ? ` · ${traffic.message ?? 'no traffic data'}` : traffic ? ` · traffic over the last ${traffic.rateWindowSeconds} s (split over ${traffic.splitWindowSeconds} s)` : ''}`}
      </p>
      {modelQuery.error && (
        <Banner tone="error" title="Could not load the topology">
          {modelQuery.error.message}
        </Banner>
      )}
      {exportError && (
        <Banner tone="error" title="Export">
          {exportError}
        </Banner>
      )}

      <div className="flex flex-col gap-3 lg:flex-row">
        <div className="h-[640px] min-w-0 flex-1 rounded-md border border-slate-200 dark:border-slate-800">
          <TopologyActionsContext.Provider value={actions}>
            <TopologyCanvas
              nodes={shown.nodes}
              edges={shown.edges}
              traffic={traffic}
              search={search}
              collapsed={collapsed}
              collapsible={collapsible}
              selectedId={selectedId}
              onSelect={onSelect}
            >
              <Panel position="top-right">
                <div role="group" aria-label="Export" className="flex gap-1">
                  <Button size="sm" pending={exporting === 'png'} pendingLabel="Exporting…" onClick={() => void exportImage('png')}>
                    Export PNG
                  </Button>
                  <Button size="sm" pending={exporting === 'svg'} pendingLabel="Exporting…" onClick={() => void exportImage('svg')}>
                    Export SVG
                  </Button>
                  <Button size="sm" onClick={() => exportTopologyJson(model)}>
                    Export JSON
                  </Button>
                </div>
              </Panel>
            </TopologyCanvas>
          </TopologyActionsContext.Provider>
        </div>
        {selected && (
          <div className="lg:w-96">
            <NodeDetailPanel
              node={selected}
              onClose={() => setSelectedId(null)}
              {...(collapsible.has(selected.id) ? { collapse: { collapsed: collapsed.has(selected.id), toggle: () => actions.toggleCollapsed(selected.id) } } : {})}
            />
          </div>
        )}
      </div>
      <TopologyLegend />
    </div>
  );
}
