'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

export const PORTICO_CONTROLLER = 'portico.dev/gateway-controller';

interface ParametersRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}
type ClassSpec = { controllerName?: string; description?: string; parametersRef?: ParametersRef } & Record<string, unknown>;

/**
 * Create or edit a GatewayClass. The controller name is immutable once created (the API says
 * so if tried); fields the form does not show are kept on edit.
 */
export function GatewayClassForm({ initial, latest, onSaved }: { initial?: K8sObject; latest?: K8sObject; onSaved?: () => void }) {
  const editing = initial !== undefined;
  const spec = (initial?.spec ?? {}) as ClassSpec;
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial?.metadata.name ?? '');
  const [controllerName, setControllerName] = useState(spec.controllerName ?? PORTICO_CONTROLLER);
  const [description, setDescription] = useState(spec.description ?? '');
  const [params, setParams] = useState<ParametersRef>(spec.parametersRef ?? { group: '', kind: '', name: '' });
  const hasParams = params.kind !== '' || params.name !== '';

  const object: K8sObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: editing ? { ...initial.metadata, managedFields: undefined } : { name },
    spec: {
      ...spec,
      controllerName,
      ...(description ? { description } : { description: undefined }),
      parametersRef: hasParams ? { group: params.group, kind: params.kind, name: params.name, ...(params.namespace ? { namespace: params.namespace } : {}) } : undefined,
    },
  };
  const save = useMutation<K8sObject, K8sApiError>({
    mutationFn: () => {
      if (!editing) return k8sFetch.create(REFS.gatewayClasses, undefined, object);
      // Status writes bump resourceVersion; while the spec is unchanged (same generation) save over the latest.
      const sameSpec = latest && latest.metadata.generation === initial.metadata.generation;
      return k8sFetch.update(REFS.gatewayClasses, { ...object, metadata: { ...object.metadata, resourceVersion: (sameSpec ? latest : initial).metadata.resourceVersion } });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.k8s.resource(REFS.gatewayClasses) });
      onSaved?.();
      if (!editing) router.push(`/infra/gateway-classes/${encodeURIComponent(saved.metadata.name ?? name)}`);
    },
  });
  const at = (field: string) => {
    const found = save.error?.causesAt(field).map((c) => c.message) ?? [];
    return found.length ? found : undefined;
  };

  return (
    <form
      aria-label={editing ? `Edit GatewayClass ${name}` : 'New GatewayClass'}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Name" value={name} onChange={setName} disabled={editing} required error={at('metadata.name')} />
        <TextField
          label="Controller name"
          value={controllerName}
          onChange={setControllerName}
          disabled={editing}
          required
          description={editing ? 'Immutable once created.' : `Portico serves classes with ${PORTICO_CONTROLLER}.`}
          error={at('spec.controllerName')}
        />
      </div>
      <TextField label="Description" value={description} onChange={setDescription} maxLength={64} error={at('spec.description')} />
      <fieldset className="grid gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-medium">Parameters reference (optional)</legend>
        <TextField label="Parameters group" value={params.group} onChange={(v) => setParams({ ...params, group: v })} error={at('spec.parametersRef.group')} />
        <TextField label="Parameters kind" value={params.kind} onChange={(v) => setParams({ ...params, kind: v })} error={at('spec.parametersRef.kind')} />
        <TextField label="Parameters name" value={params.name} onChange={(v) => setParams({ ...params, name: v })} error={at('spec.parametersRef.name')} />
        <TextField label="Parameters namespace" value={params.namespace ?? ''} onChange={(v) => setParams({ ...params, namespace: v || undefined })} error={at('spec.parametersRef.namespace')} />
      </fieldset>
      <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
        {editing ? 'Save GatewayClass' : 'Create GatewayClass'}
      </Button>
      {save.isSuccess && editing && <Banner tone="success" title="GatewayClass saved" />}
      {save.error && (
        <Banner tone="error" title="Not saved">
          {save.error.message}
        </Banner>
      )}
    </form>
  );
}
