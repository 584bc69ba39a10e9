'use client';

import { useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { ConditionList } from '@/components/resources/condition-list';
import { StatusBadge, type ConditionLike } from '@/components/resources/status-badge';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { useK8sObject } from '@/components/hooks/use-k8s-object';
import { GatewayEditor } from '@/components/operator/gateway-editor';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

interface ListenerStatus {
  name: string;
  attachedRoutes?: number;
  supportedKinds?: { kind: string }[];
  conditions?: ConditionLike[];
}
interface GatewayStatus {
  conditions?: ConditionLike[];
  addresses?: { type?: string; value: string }[];
  listeners?: ListenerStatus[];
}
interface RouteParentStatus {
  parentRef: { name: string; namespace?: string; sectionName?: string };
  conditions?: ConditionLike[];
}

/** Routes whose status says they are accepted by this Gateway, with the listener they named (if any). */
function attachedRoutes(routes: K8sObject[], namespace: string, name: string) {
  return routes.flatMap((r) =>
    (((r.status ?? {}) as { parents?: RouteParentStatus[] }).parents ?? [])
      .filter((p) => p.parentRef.name === name && (p.parentRef.namespace ?? r.metadata.namespace) === namespace && p.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True'))
      .map((p) => ({ route: `${r.kind} ${r.metadata.namespace}/${r.metadata.name}`, section: p.parentRef.sectionName })),
  );
}

/** One Gateway, live: status, listeners with their conditions and attached routes, and the editor. */
export function GatewayDetail({ namespace, name }: { namespace: string; name: string }) {
  const gateway = useK8sObject<K8sObject>(REFS.gateways, namespace, name);
  const routes = useK8sList<K8sObject>(REFS.httpRoutes);
  // The object as it was when editing began; the editor keeps its own state from there.
  const [editing, setEditing] = useState<K8sObject | undefined>();
  if (gateway.error) return <Banner tone="error" title="Could not load the Gateway">{gateway.error.message}</Banner>;
  if (gateway.isPending) return <p>Loading…</p>;
  if (gateway.data === null) return <Banner tone="warning" title={`Gateway ${namespace}/${name} does not exist (or was deleted)`} />;
  const g = gateway.data;
  const status = (g.status ?? {}) as GatewayStatus;
  const spec = (g.spec ?? {}) as { gatewayClassName?: string; listeners?: { name: string; protocol: string; port: number; hostname?: string }[] };
  const attached = attachedRoutes(routes.items, namespace, name);
  const listenerStatus = new Map((status.listeners ?? []).map((l) => [l.name, l]));

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Class</dt>
        <dd>{spec.gatewayClassName}</dd>
        <dt className="font-medium">Addresses</dt>
        <dd>{status.addresses?.map((a) => a.value).join(', ') || 'none yet'}</dd>
        <dt className="font-medium">Generation</dt>
        <dd>{g.metadata.generation}</dd>
      </dl>
      <section aria-labelledby="gw-conditions" className="space-y-2">
        <h2 id="gw-conditions" className="text-lg font-semibold">
          Conditions
        </h2>
        <ConditionList conditions={status.conditions ?? []} label={`Conditions of Gateway ${namespace}/${name}`} generation={g.metadata.generation} />
      </section>
      <section aria-labelledby="gw-listeners" className="space-y-2">
        <h2 id="gw-listeners" className="text-lg font-semibold">
          Listeners
        </h2>
        <DataTable
          caption={`Listeners of ${namespace}/${name}`}
          hideCaption
          rows={spec.listeners ?? []}
          rowKey={(l) => l.name}
          columns={[
            { header: 'Listener', rowHeader: true, cell: (l) => l.name },
            { header: 'Protocol and port', cell: (l) => `${l.protocol} ${l.port}` },
            { header: 'Hostname', cell: (l) => l.hostname ?? 'any' },
            {
              header: 'Status',
              cell: (l) => (
                <span className="flex flex-wrap gap-1" aria-label={`Status of listener ${l.name}`}>
                  {(listenerStatus.get(l.name)?.conditions ?? []).map((c) => (
                    <StatusBadge key={c.type} condition={c} negative={c.type === 'Conflicted' || c.type === 'OverlappingTLSConfig'} />
                  ))}
                  {!listenerStatus.get(l.name) && <StatusBadge condition={undefined} />}
                </span>
              ),
            },
            { header: 'Attached routes', cell: (l) => String(listenerStatus.get(l.name)?.attachedRoutes ?? 0) },
          ]}
        />
        <h3 className="font-medium">Routes attached</h3>
        {attached.length === 0 ? (
          <p className="text-sm">No HTTPRoute is accepted by this Gateway.</p>
        ) : (
          <ul aria-label="Routes attached" className="list-disc pl-5 text-sm">
            {attached.map((a) => (
              <li key={`${a.route}/${a.section ?? ''}`}>
                {a.route}
                {a.section ? ` (listener ${a.section})` : ' (every listener that admits it)'}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="gw-edit" className="space-y-2">
        <h2 id="gw-edit" className="text-lg font-semibold">
          Edit
        </h2>
        {editing ? (
          <>
            <GatewayEditor initial={editing} latest={g} onSaved={() => setEditing(undefined)} />
            <Button onClick={() => setEditing(undefined)}>Close the editor</Button>
          </>
        ) : (
          <Button variant="primary" onClick={() => setEditing(g)}>
            Edit listeners
          </Button>
        )}
      </section>
    </div>
  );
}
