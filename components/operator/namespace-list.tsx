'use client';

import { Banner } from '@/components/ui/banner';
import { DataTable } from '@/components/ui/data-table';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { NamespaceLabelsEditor } from '@/components/operator/namespace-labels-editor';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

/** Namespaces with their labels: what allowedRoutes selectors match against. */
export function NamespaceList() {
  const namespaces = useK8sList<K8sObject>(REFS.namespaces);
  const rows = [...namespaces.items].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return (
    <div className="space-y-2">
      {namespaces.error && (
        <Banner tone="error" title="Could not load namespaces">
          {namespaces.error.message}
        </Banner>
      )}
      <DataTable
        caption="Namespaces"
        rows={rows}
        rowKey={(n) => n.metadata.name ?? ''}
        columns={[
          { header: 'Namespace', rowHeader: true, cell: (n) => n.metadata.name },
          {
            header: 'Labels',
            cell: (n) =>
              Object.entries(n.metadata.labels ?? {}).length === 0 ? (
                'none'
              ) : (
                <ul className="flex flex-wrap gap-1">
                  {Object.entries(n.metadata.labels ?? {}).map(([k, v]) => (
                    <li key={k} className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800">
                      {k}={v}
                    </li>
                  ))}
                </ul>
              ),
          },
          { header: 'Phase', cell: (n) => ((n.status ?? {}) as { phase?: string }).phase ?? 'Active' },
          { header: 'Actions', cell: (n) => <NamespaceLabelsEditor namespace={n} /> },
        ]}
      />
    </div>
  );
}
