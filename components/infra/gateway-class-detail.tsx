'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ConditionList } from '@/components/resources/condition-list';
import type { ConditionLike } from '@/components/resources/status-badge';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { useK8sObject } from '@/components/hooks/use-k8s-object';
import { GatewayClassForm } from '@/components/infra/gateway-class-form';
import { ProxiesPanel } from '@/components/infra/proxies-panel';
import { GatewayList } from '@/components/operator/gateway-list';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

type ClassSpec = { controllerName?: string; description?: string; parametersRef?: { group: string; kind: string; name: string; namespace?: string } };
type ClassStatus = { conditions?: ConditionLike[]; supportedFeatures?: { name: string }[] };

/** One GatewayClass, live: its spec, conditions, supported features, the Gateways using it and the proxies serving them. */
export function GatewayClassDetail({ name }: { name: string }) {
  const cls = useK8sObject<K8sObject>(REFS.gatewayClasses, undefined, name);
  const gateways = useK8sList<K8sObject>(REFS.gateways);
  const [editing, setEditing] = useState<K8sObject | undefined>();
  const [deleting, setDeleting] = useState(false);
  const router = useRouter();
  const remove = useMutation<unknown, K8sApiError>({ mutationFn: () => k8sFetch.delete(REFS.gatewayClasses, undefined, name), onSuccess: () => router.push('/infra') });
  if (cls.error) return <Banner tone="error" title="Could not load the GatewayClass">{cls.error.message}</Banner>;
  if (cls.isPending) return <p>Loading…</p>;
  if (cls.data === null) return <Banner tone="warning" title={`GatewayClass ${name} does not exist (or was deleted)`} />;
  const c = cls.data;
  const spec = (c.spec ?? {}) as ClassSpec;
  const status = (c.status ?? {}) as ClassStatus;
  const users = gateways.items
    .filter((g) => (g.spec as { gatewayClassName?: string } | undefined)?.gatewayClassName === name)
    .map((g) => `${g.metadata.namespace}/${g.metadata.name}`)
    .sort();

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Controller</dt>
        <dd>{spec.controllerName}</dd>
        <dt className="font-medium">Description</dt>
        <dd>{spec.description ?? 'none'}</dd>
        <dt className="font-medium">Parameters</dt>
        <dd>{spec.parametersRef ? `${spec.parametersRef.kind}${spec.parametersRef.group ? `.${spec.parametersRef.group}` : ''} ${spec.parametersRef.namespace ? `${spec.parametersRef.namespace}/` : ''}${spec.parametersRef.name}` : 'none'}</dd>
        <dt className="font-medium">Supported features</dt>
        <dd>{status.supportedFeatures?.length ? status.supportedFeatures.map((f) => f.name).join(', ') : 'none reported'}</dd>
      </dl>
      <section aria-labelledby="class-conditions" className="space-y-2">
        <h2 id="class-conditions" className="text-lg font-semibold">
          Conditions
        </h2>
        <ConditionList conditions={status.conditions ?? []} label={`Conditions of GatewayClass ${name}`} generation={c.metadata.generation} />
      </section>
      <GatewayList className={name} linked={false} />
      <ProxiesPanel gateways={users} />
      <section aria-labelledby="class-edit" className="space-y-2">
        <h2 id="class-edit" className="text-lg font-semibold">
          Change
        </h2>
        {editing ? (
          <>
            <GatewayClassForm initial={editing} latest={c} onSaved={() => setEditing(undefined)} />
            <Button onClick={() => setEditing(undefined)}>Close the editor</Button>
          </>
        ) : (
          <div className="flex gap-2">
            <Button variant="primary" onClick={() => setEditing(c)}>
              Edit GatewayClass
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete GatewayClass
            </Button>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={deleting}
        danger
        title={`Delete GatewayClass ${name}?`}
        confirmLabel={users.length ? 'Delete anyway' : 'Delete'}
        onConfirm={() => remove.mutate()}
        onCancel={() => setDeleting(false)}
        pending={remove.isPending}
        error={remove.error?.message}
      >
        {users.length === 0 ? (
          <p>No Gateway uses this class.</p>
        ) : (
          <Banner tone="warning" title={`${users.length} ${users.length === 1 ? 'Gateway uses' : 'Gateways use'} this class`}>
            <ul aria-label="Gateways using this class" className="list-disc pl-5">
              {users.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
            <p>Without their class they are no longer Portico’s: the proxy stops serving their listeners and their routes stop receiving traffic. Move them to another class first, or delete them.</p>
          </Banner>
        )}
      </ConfirmDialog>
    </div>
  );
}
