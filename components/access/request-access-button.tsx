'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import { REFS } from '@/lib/api/resource-refs';
import type { AccessRequest } from '@/lib/k8s/schemas/access-request';

export interface AccessTarget {
  group: string;
  kind: string;
  namespace: string;
  /** Absent: every object of that kind in the namespace (operators may well refuse that). */
  name?: string;
}

export interface RequestAccessButtonProps {
  routeNamespace: string;
  /** The referring kind, e.g. `HTTPRoute`. */
  routeKind: string;
  /** Defaults to the Gateway API group. */
  routeGroup?: string;
  target: AccessTarget;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

function describeTarget(t: AccessTarget): string {
  return t.name ? `${t.kind} ${t.namespace}/${t.name}` : `every ${t.kind} in ${t.namespace}`;
}

function matches(r: AccessRequest, kind: string, group: string, t: AccessTarget): boolean {
  const { from, to } = r.spec ?? ({} as AccessRequest['spec']);
  return from?.kind === kind && from?.group === group && to?.group === t.group && to?.kind === t.kind && to?.namespace === t.namespace && (to?.name ?? '') === (t.name ?? '');
}

/** A DNS-label-safe, unique-enough name: `<kind>-<ns>-<name>-<time>`. */
function requestName(kind: string, t: AccessTarget): string {
  const base = `${kind}-${t.namespace}-${t.name ?? 'all'}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 40).replace(/-+$/, '');
  return `${base}-${Date.now().toString(36)}`;
}

/**
 * Asks the namespace's operators for access to something in another namespace (an
 * AccessRequest in the route's namespace) and shows the latest request's phase and the
 * decider's message live. A new request can be made after a denial.
 */
export function RequestAccessButton({ routeNamespace, routeKind, routeGroup = GATEWAY_GROUP, target }: RequestAccessButtonProps) {
  const requests = useK8sList<AccessRequest>(REFS.accessRequests, routeNamespace);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState(`${routeKind}s in ${routeNamespace} need to reference ${describeTarget(target)}.`);
  const reasonId = useId();
  const statusId = useId();

  const latest = requests.items
    .filter((r) => matches(r, routeKind, routeGroup, target))
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (b.metadata.name ?? '').localeCompare(a.metadata.name ?? ''))[0];
  const phase = latest ? (latest.status?.phase ?? 'Pending') : undefined;

  const create = useMutation<AccessRequest, K8sApiError>({
    mutationFn: () =>
      k8sFetch.create<AccessRequest>(REFS.accessRequests, routeNamespace, {
        apiVersion: 'portico.dev/v1alpha1',
        kind: 'AccessRequest',
        metadata: { name: requestName(routeKind, target), namespace: routeNamespace },
        spec: { from: { group: routeGroup, kind: routeKind }, to: { ...target }, reason: reason.trim() },
      } as AccessRequest),
    onSuccess: () => setOpen(false),
  });

  const label = `Request access to ${describeTarget(target)}`;
  return (
    <div className="space-y-2" aria-live="polite">
      {latest && (
        <p id={statusId} className="flex flex-wrap items-center gap-2 text-sm" role="status" aria-label={`Access request for ${describeTarget(target)}`}>
          <span>Access request {latest.metadata.name}:</span>
          <Badge tone={phase === 'Approved' ? 'success' : phase === 'Denied' ? 'danger' : 'info'}>{phase}</Badge>
          {latest.status?.decidedBy && <span>by {latest.status.decidedBy}</span>}
          {latest.status?.message && <span className="basis-full text-slate-700 dark:text-slate-300">“{latest.status.message}”</span>}
        </p>
      )}
      {(!latest || phase === 'Denied') && !open && (
        <Button variant="primary" size="sm" onClick={() => setOpen(true)}>
          {label}
        </Button>
      )}
      {open && (
        <form
          aria-label={label}
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label htmlFor={reasonId} className="block text-sm font-medium">
            Why do you need it?
          </label>
          <textarea
            id={reasonId}
            required
            maxLength={1024}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
            rows={3}
          />
          <div className="flex gap-2">
            <Button type="submit" variant="primary" size="sm" pending={create.isPending} pendingLabel="Sending request…" disabled={reason.trim() === ''}>
              Send access request
            </Button>
            <Button size="sm" onClick={() => setOpen(false)} disabled={create.isPending}>
              Cancel
            </Button>
          </div>
          {create.error && (
            <Banner tone="error" title="The request was not sent">
              {create.error.message}
            </Banner>
          )}
        </form>
      )}
      {requests.error && !requests.error.isForbidden && (
        <Banner tone="error" title="Could not load access requests">
          {requests.error.message}
        </Banner>
      )}
    </div>
  );
}
