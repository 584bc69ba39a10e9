'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useState } from 'react';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { GatewayImpactPanel } from '@/components/operator/gateway-impact-panel';
import { useGatewayImpact } from '@/components/operator/impact-queries';
import { ListenerEditor } from '@/components/operator/listener-editor';
import { newListener, type RawListener } from '@/components/operator/listener-model';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';

type GatewaySpec = { gatewayClassName?: string; listeners?: RawListener[] } & Record<string, unknown>;

/**
 * Create or edit a Gateway: class, listeners (ListenerEditor), and before saving the pre-apply
 * impact (routes that would detach, predicted listener problems), computed on the server with
 * the controller's graph. Saving a change that detaches routes asks first.
 */
export function GatewayEditor({ initial, latest, onSaved }: { initial?: K8sObject; latest?: K8sObject; onSaved?: () => void }) {
  const editing = initial !== undefined;
  const router = useRouter();
  const queryClient = useQueryClient();
  const classes = useK8sList<K8sObject>(REFS.gatewayClasses, undefined, { watch: false });
  const namespaces = useK8sList<K8sObject>(REFS.namespaces);
  const initialSpec = (initial?.spec ?? {}) as GatewaySpec;
  const [namespace, setNamespace] = useState(initial?.metadata.namespace ?? 'infra');
  const [name, setName] = useState(initial?.metadata.name ?? '');
  const [className, setClassName] = useState(initialSpec.gatewayClassName ?? '');
  const [listeners, setListeners] = useState<RawListener[]>(initialSpec.listeners ?? [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } }]);
  const [confirming, setConfirming] = useState(false);
  const secrets = useK8sList<K8sObject>(REFS.secrets, namespace, { watch: false, enabled: namespace !== '' });
  const secretNames = secrets.items.filter((s) => s.type === 'kubernetes.io/tls').map((s) => s.metadata.name ?? '');

  const proposed: K8sObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: editing ? { ...initial.metadata, managedFields: undefined } : { namespace, name },
    spec: { ...initialSpec, gatewayClassName: className, listeners },
  };
  const previewable = namespace !== '' && name !== '' && className !== '';
  const impact = useGatewayImpact(useDeferredValue(previewable ? proposed : undefined));
  const detached = impact.data?.detached ?? [];

  const save = useMutation<K8sObject, K8sApiError>({
    mutationFn: () => {
      if (!editing) return k8sFetch.create(REFS.gateways, namespace, proposed);
      // Status writes bump resourceVersion without changing the spec: while nobody else changed
      // the spec (same generation), save over the latest version; otherwise the stale one gets a 409.
      const sameSpec = latest && latest.metadata.generation === initial.metadata.generation;
      const resourceVersion = sameSpec ? latest.metadata.resourceVersion : initial.metadata.resourceVersion;
      return k8sFetch.update(REFS.gateways, { ...proposed, metadata: { ...proposed.metadata, resourceVersion } });
    },
    onSuccess: (saved) => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.k8s.resource(REFS.gateways) });
      onSaved?.();
      if (!editing) router.push(`/operator/gateways/${encodeURIComponent(saved.metadata.namespace ?? namespace)}/${encodeURIComponent(saved.metadata.name ?? name)}`);
    },
  });
  const errorsAt = (field: string) => {
    const found = save.error?.causesAt(field) ?? [];
    return found.length ? found.map((c) => c.message) : undefined;
  };
  const nsOptions = namespaces.items.map((n) => n.metadata.name ?? '').sort().map((n) => ({ value: n, label: n }));
  const classOptions = classes.items.map((c) => c.metadata.name ?? '').sort().map((c) => ({ value: c, label: c }));

  return (
    <form
      aria-label={editing ? `Edit Gateway ${namespace}/${name}` : 'New Gateway'}
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (detached.length > 0) setConfirming(true);
        else save.mutate();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Select label="Namespace" options={nsOptions} value={namespace} onChange={setNamespace} disabled={editing} error={save.error?.causesAt('metadata.namespace').map((c) => c.message)} />
        <TextField label="Gateway name" value={name} onChange={setName} disabled={editing} required error={save.error?.causesAt('metadata.name').map((c) => c.message)} />
        <Select label="GatewayClass" placeholder="Choose…" options={classOptions} value={className} onChange={setClassName} error={save.error?.causesAt('spec.gatewayClassName').map((c) => c.message)} />
      </div>
      <div className="space-y-3">
        {listeners.map((l, i) => (
          <ListenerEditor
            key={i}
            listener={l}
            index={i}
            gatewayNamespace={namespace}
            namespaces={namespaces.items}
            secretNames={secretNames}
            onChange={(next) => setListeners((all) => all.map((x, j) => (j === i ? next : x)))}
            onRemove={() => setListeners((all) => all.filter((_, j) => j !== i))}
            errorsAt={errorsAt}
          />
        ))}
        <Button onClick={() => setListeners((all) => [...all, newListener(all)])}>Add listener</Button>
      </div>
      <GatewayImpactPanel impact={impact.data} error={impact.error?.message} pending={previewable && impact.isPending} previewable={previewable} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" pending={save.isPending} pendingLabel="Saving…">
          {editing ? 'Save Gateway' : 'Create Gateway'}
        </Button>
      </div>
      {save.error && (
        <Banner tone="error" title={save.error.isConflict ? 'Someone changed this Gateway meanwhile; reload to see their change' : 'Not saved'}>
          <p>{save.error.message}</p>
          {save.error.causes.length > 0 && (
            <ul className="list-disc pl-5">
              {save.error.causes.map((c, i) => (
                <li key={i}>
                  {c.field ? `${c.field}: ` : ''}
                  {c.message}
                </li>
              ))}
            </ul>
          )}
        </Banner>
      )}
      {save.isSuccess && editing && <Banner tone="success" title="Gateway saved" />}
      <ConfirmDialog
        open={confirming}
        danger
        title={`Detach ${detached.length} ${detached.length === 1 ? 'route' : 'routes'}?`}
        confirmLabel="Save and detach"
        onConfirm={() => save.mutate()}
        onCancel={() => setConfirming(false)}
        pending={save.isPending}
        error={save.error?.message}
      >
        <p>Saving this Gateway detaches these routes from listeners they use now:</p>
        <ul className="list-disc pl-5 text-sm">
          {detached.map((d) => (
            <li key={`${d.kind}/${d.namespace}/${d.name ?? ''}`}>
              {d.name ? `${d.kind} ${d.namespace}/${d.name}` : `an ${d.kind} in ${d.namespace}`}: loses {d.before.filter((x) => !d.after.includes(x)).join(', ')}
              {d.fully ? ' (no listener left: it stops serving)' : ''}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </form>
  );
}
