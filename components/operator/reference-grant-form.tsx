'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { ImpactList } from '@/components/operator/impact-list';
import { useProposedGrantImpact } from '@/components/operator/impact-queries';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const FROM_KINDS = ['HTTPRoute', 'GRPCRoute', 'Gateway', 'TLSRoute', 'TCPRoute', 'UDPRoute'];
const TO_KINDS = [
  { value: '/Service', label: 'Service' },
  { value: '/Secret', label: 'Secret' },
  { value: `${GATEWAY_GROUP}/Gateway`, label: 'Gateway' },
];

/** A new ReferenceGrant with one `from` and one `to`, previewing the routes it would enable. */
export function ReferenceGrantForm({ onCreated }: { onCreated?: () => void }) {
  const namespaces = useK8sList<K8sObject>(REFS.namespaces, undefined, { watch: false });
  const [namespace, setNamespace] = useState('');
  const [name, setName] = useState('');
  const [fromKind, setFromKind] = useState('HTTPRoute');
  const [fromNamespace, setFromNamespace] = useState('');
  const [to, setTo] = useState('/Service');
  const [toName, setToName] = useState('');
  const queryClient = useQueryClient();
  const [toGroup, toKind] = to.split('/') as [string, string];
  const grant: K8sObject = {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: 'ReferenceGrant',
    metadata: { namespace, name },
    spec: {
      from: [{ group: fromKind === 'Gateway' || fromKind.endsWith('Route') ? GATEWAY_GROUP : '', kind: fromKind, namespace: fromNamespace }],
      to: [{ group: toGroup, kind: toKind, ...(toName ? { name: toName } : {}) }],
    },
  };
  const complete = namespace !== '' && name !== '' && fromNamespace !== '';
  const previewed = useDeferredValue(complete ? grant : undefined);
  const impact = useProposedGrantImpact(previewed);
  const create = useMutation<K8sObject, K8sApiError>({
    mutationFn: () => k8sFetch.create(REFS.referenceGrants, namespace, grant),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.impact.all() });
      setName('');
      setToName('');
      onCreated?.();
    },
  });
  const nsOptions = [...namespaces.items].map((n) => n.metadata.name ?? '').sort().map((n) => ({ value: n, label: n }));
  const err = create.error;
  const at = (field: string) => err?.causesAt(field).map((c) => c.message);

  return (
    <form
      aria-label="New ReferenceGrant"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2 className="text-lg font-semibold">New ReferenceGrant</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Select label="Grant in namespace (the target's)" placeholder="Choose…" options={nsOptions} value={namespace} onChange={setNamespace} error={at('metadata.namespace')} />
        <TextField label="Grant name" value={name} onChange={setName} required error={at('metadata.name')} />
        <Select label="Referring kind" options={FROM_KINDS.map((k) => ({ value: k, label: k }))} value={fromKind} onChange={setFromKind} error={at('spec.from')} />
        <Select label="Referring namespace" placeholder="Choose…" options={nsOptions} value={fromNamespace} onChange={setFromNamespace} />
        <Select label="Target kind" options={TO_KINDS} value={to} onChange={setTo} error={at('spec.to')} />
        <TextField label="Target name (empty: any)" value={toName} onChange={setToName} />
      </div>
      <div aria-live="polite" className="space-y-1">
        <h3 className="text-sm font-semibold">Would enable</h3>
        {!complete && <p className="text-sm">Choose the namespaces and a name to see what it would enable.</p>}
        {complete && impact.error && <p className="text-sm">{impact.error.message}</p>}
        {complete && impact.data && <ImpactList label="References it would enable" objects={impact.data.enabled} empty="No current route references it; it would only matter for future ones." />}
      </div>
      <Button type="submit" variant="primary" pending={create.isPending} pendingLabel="Creating…" disabled={!complete}>
        Create ReferenceGrant
      </Button>
      {create.isSuccess && <Banner tone="success" title="ReferenceGrant created" />}
      {err && (
        <Banner tone="error" title="Not created">
          {err.message}
        </Banner>
      )}
    </form>
  );
}
