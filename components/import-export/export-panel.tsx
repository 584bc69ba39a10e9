'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EXPORT_PATH } from '@/lib/api/import-export';
import { readPorticoApi, type PorticoApiError } from '@/lib/api/access-requests';
import type { ObjectLike } from '@/lib/api/k8s-types';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { useNamespaceNames } from './use-namespace-names';

/**
 * Export a namespace, or a Gateway with the routes attached to it, as clean YAML for Git (no
 * status, no server-set fields): shown here and downloadable. The server decides what the caller
 * may read and names what it left out.
 */
export function ExportPanel({ preferredNamespaces }: { preferredNamespaces: string[] }) {
  const namespaces = useNamespaceNames(preferredNamespaces);
  const gateways = useK8sList<ObjectLike>(REFS.gateways, undefined, { watch: false });
  const gatewayOptions = gateways.items.map((g) => `${g.metadata.namespace ?? ''}/${g.metadata.name ?? ''}`).sort();
  const [scope, setScope] = useState<'namespace' | 'gateway'>('namespace');
  const [pickedNamespace, setNamespace] = useState('');
  const namespace = pickedNamespace || namespaces[0] || '';
  const [gateway, setGateway] = useState('');
  const [requested, setRequested] = useState<string | null>(null);
  const chosenGateway = gateway || gatewayOptions[0] || '';
  const target = scope === 'namespace' ? `namespace=${encodeURIComponent(namespace)}` : `gateway=${encodeURIComponent(chosenGateway)}`;
  const url = `${EXPORT_PATH}?${target}`;

  const exported = useQuery<string, PorticoApiError>({
    queryKey: [...queryKeys.k8s.all(), 'export', requested ?? ''],
    enabled: requested !== null,
    retry: (count, err) => !(err.status >= 400 && err.status < 500) && count < 3,
    queryFn: async ({ signal }) => {
      const res = await fetch(requested ?? url, { credentials: 'same-origin', signal, cache: 'no-store' });
      if (!res.ok) return readPorticoApi<string>(res);
      return res.text();
    },
  });

  return (
    <section aria-labelledby="export-heading" className="space-y-4">
      <h2 id="export-heading" className="text-xl font-semibold">
        Export YAML
      </h2>
      <div className="grid gap-3 md:grid-cols-2">
        <Select
          label="Export"
          value={scope}
          onChange={(v) => setScope(v === 'gateway' ? 'gateway' : 'namespace')}
          options={[
            { value: 'namespace', label: 'A namespace' },
            { value: 'gateway', label: 'A Gateway with its routes' },
          ]}
        />
        {scope === 'namespace' ? (
          <Select label="Namespace to export" value={namespace} onChange={setNamespace} options={namespaces.map((n) => ({ value: n, label: n }))} />
        ) : (
          <Select
            label="Gateway to export"
            value={chosenGateway}
            onChange={setGateway}
            options={gatewayOptions.map((g) => ({ value: g, label: g }))}
            placeholder={gatewayOptions.length === 0 ? 'No Gateways you may read' : undefined}
          />
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="primary" onClick={() => setRequested(url)} disabled={scope === 'gateway' ? !chosenGateway : !namespace}>
          Show export
        </Button>
        <a
          href={url}
          download
          className="inline-flex items-center rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Download YAML
        </a>
      </div>
      {exported.error && <Banner tone="error" title="The export failed">{exported.error.message}</Banner>}
      {exported.isFetching && <p role="status">Exporting…</p>}
      {exported.data !== undefined && !exported.isFetching && (
        <pre
          tabIndex={0}
          aria-label="Exported YAML"
          className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-xs dark:border-slate-700 dark:bg-slate-900"
        >
          {exported.data}
        </pre>
      )}
    </section>
  );
}
