'use client';

import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { DataTable } from '@/components/ui/data-table';
import { StatusBadge, type ConditionLike } from '@/components/resources/status-badge';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

type ClassSpec = { controllerName?: string; description?: string };

/** GatewayClasses, live, with their controller, Accepted status and how many Gateways use each. */
export function GatewayClassList() {
  const classes = useK8sList<K8sObject>(REFS.gatewayClasses);
  const gateways = useK8sList<K8sObject>(REFS.gateways);
  const using = (name: string) => gateways.items.filter((g) => (g.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName === name).length;
  const rows = [...classes.items].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return (
    <div className="space-y-2">
      {classes.error && (
        <Banner tone="error" title="Could not load GatewayClasses">
          {classes.error.message}
        </Banner>
      )}
      <DataTable
        caption="GatewayClasses"
        rows={rows}
        rowKey={(c) => c.metadata.name ?? ''}
        empty="No GatewayClasses yet."
        columns={[
          {
            header: 'Name',
            rowHeader: true,
            cell: (c) => (
              <Link className="text-sky-800 underline dark:text-sky-300" href={`/infra/gateway-classes/${c.metadata.name}`}>
                {c.metadata.name}
              </Link>
            ),
          },
          { header: 'Controller', cell: (c) => (c.spec as ClassSpec | undefined)?.controllerName },
          { header: 'Description', cell: (c) => (c.spec as ClassSpec | undefined)?.description ?? '' },
          { header: 'Status', cell: (c) => <StatusBadge condition={((c.status ?? {}) as { conditions?: ConditionLike[] }).conditions?.find((x) => x.type === 'Accepted')} /> },
          { header: 'Gateways', cell: (c) => String(using(c.metadata.name ?? '')) },
        ]}
      />
    </div>
  );
}
