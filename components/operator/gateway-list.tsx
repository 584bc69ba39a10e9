'use client';

import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { DataTable } from '@/components/ui/data-table';
import { StatusBadge, type ConditionLike } from '@/components/resources/status-badge';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

type GatewayStatus = { conditions?: ConditionLike[]; addresses?: { value: string }[] };
const cond = (g: K8sObject, type: string) => ((g.status ?? {}) as GatewayStatus).conditions?.find((c) => c.type === type);
const keyOf = (g: K8sObject) => `${g.metadata.namespace}/${g.metadata.name}`;

/** Every Gateway the user may list, live, with class, listeners, addresses and top-level status. */
export function GatewayList({ className, linked = true }: { className?: string; /** false where the operations pages are not the reader's. */ linked?: boolean }) {
  const gateways = useK8sList<K8sObject>(REFS.gateways);
  const rows = gateways.items
    .filter((g) => className === undefined || (g.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName === className)
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  return (
    <div className="space-y-2">
      {gateways.error && (
        <Banner tone="error" title="Could not load Gateways">
          {gateways.error.message}
        </Banner>
      )}
      <DataTable
        caption={className ? `Gateways using ${className}` : 'Gateways'}
        rows={rows}
        rowKey={keyOf}
        empty={className ? 'No Gateway uses this class.' : 'No Gateways yet.'}
        columns={[
          {
            header: 'Gateway',
            rowHeader: true,
            cell: (g) =>
              linked ? (
                <Link className="text-sky-800 underline dark:text-sky-300" href={`/operator/gateways/${g.metadata.namespace}/${g.metadata.name}`}>
                  {keyOf(g)}
                </Link>
              ) : (
                keyOf(g)
              ),
          },
          { header: 'Class', cell: (g) => (g.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName ?? '' },
          {
            header: 'Listeners',
            cell: (g) =>
              ((g.spec as { listeners?: { name: string; protocol: string; port: number }[] } | undefined)?.listeners ?? []).map((l) => `${l.name} (${l.protocol} ${l.port})`).join(', '),
          },
          { header: 'Addresses', cell: (g) => ((g.status ?? {}) as GatewayStatus).addresses?.map((a) => a.value).join(', ') || 'none yet' },
          {
            header: 'Status',
            cell: (g) => (
              <span className="flex flex-wrap gap-1">
                <StatusBadge condition={cond(g, 'Accepted')} />
                <StatusBadge condition={cond(g, 'Programmed')} />
              </span>
            ),
          },
        ]}
      />
    </div>
  );
}
