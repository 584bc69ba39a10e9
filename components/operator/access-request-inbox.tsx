'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { findReferences } from '@/lib/access/find-references';
import { accessRequestDecisionPath, postPorticoApi, readPorticoApi, type PorticoApiError } from '@/lib/api/access-requests';
import { historyPath, type HistoryResponse } from '@/lib/api/history';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import type { K8sObject } from '@/lib/k8s/object';
import type { AccessRequest } from '@/lib/k8s/schemas/access-request';

const keyOf = (r: AccessRequest) => `${r.metadata.namespace}/${r.metadata.name}`;
const phaseOf = (r: AccessRequest) => r.status?.phase ?? 'Pending';

function targetText(r: AccessRequest): string {
  const { to } = r.spec;
  return to.name ? `${to.kind} ${to.namespace}/${to.name}` : `every ${to.kind} in ${to.namespace}`;
}


/**
 * The operators' inbox of access requests: who asks for what, which of their routes reference
 * it now, and approve (Portico creates the narrowest ReferenceGrant as the signed-in operator)
 * or deny with a reason the requester sees. Live: new requests and decisions appear by watch.
 */
export function AccessRequestInbox() {
  const requests = useK8sList<AccessRequest>(REFS.accessRequests);
  const httpRoutes = useK8sList<K8sObject>(REFS.httpRoutes);
  const grpcRoutes = useK8sList<K8sObject>(REFS.grpcRoutes);
  const routes = [...httpRoutes.items, ...grpcRoutes.items];
  const sorted = [...requests.items].sort(
    (a, b) => Number(phaseOf(a) !== 'Pending') - Number(phaseOf(b) !== 'Pending') || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || keyOf(a).localeCompare(keyOf(b)),
  );
  const pending = sorted.filter((r) => phaseOf(r) === 'Pending').length;

  return (
    <section aria-labelledby="inbox-heading" className="space-y-4">
      <h2 id="inbox-heading" className="text-xl font-semibold">
        Access requests <span className="text-base font-normal text-slate-600 dark:text-slate-400">({pending} pending)</span>
      </h2>
      {requests.error && (
        <Banner tone="error" title="Could not load access requests">
          {requests.error.message}
        </Banner>
      )}
      {requests.isSuccess && sorted.length === 0 && <p>No access requests yet. They appear here when an application team asks to reference something in another namespace.</p>}
      <ul aria-label="Access requests" className="space-y-3">
        {sorted.map((r) => (
          <InboxItem key={keyOf(r)} request={r} routes={routes} />
        ))}
      </ul>
    </section>
  );
}

/**
 * Who asked: Kubernetes objects do not record their creator, Portico's change history does
 * (the user whose create went through /k8s). Unknown when the history is not readable.
 */
function useRequester(namespace: string, name: string): string | undefined {
  const history = useQuery<HistoryResponse, PorticoApiError>({
    queryKey: queryKeys.history.object('portico.dev', 'AccessRequest', namespace, name),
    queryFn: async ({ signal }) =>
      readPorticoApi<HistoryResponse>(await fetch(historyPath({ group: 'portico.dev', kind: 'AccessRequest', namespace, name }), { signal, credentials: 'same-origin' })),
    staleTime: Infinity,
    retry: false,
  });
  return history.data?.entries.find((e) => e.verb === 'create')?.user;
}

function InboxItem({ request: r, routes }: { request: AccessRequest; routes: K8sObject[] }) {
  const phase = phaseOf(r);
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const headingId = useId();
  const affected = findReferences(
    routes.filter((o) => o.metadata.namespace === r.metadata.namespace && o.kind === r.spec.from.kind),
    { group: r.spec.to.group, kind: r.spec.to.kind, namespace: r.spec.to.namespace, ...(r.spec.to.name ? { name: r.spec.to.name } : {}) },
  );
  const ns = r.metadata.namespace ?? '';
  const name = r.metadata.name ?? '';
  const requester = useRequester(ns, name);
  const approve = useMutation<unknown, PorticoApiError>({ mutationFn: () => postPorticoApi(accessRequestDecisionPath(ns, name, 'approve'), {}) });
  const deny = useMutation<unknown, PorticoApiError>({
    mutationFn: () => postPorticoApi(accessRequestDecisionPath(ns, name, 'deny'), { reason }),
    onSuccess: () => setDenying(false),
  });

  return (
    <li aria-labelledby={headingId} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={headingId} className="font-medium">
          {r.spec.from.kind}s in {ns} → {targetText(r)}
        </h3>
        <Badge tone={phase === 'Approved' ? 'success' : phase === 'Denied' ? 'danger' : 'info'}>{phase}</Badge>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Request</dt>
        <dd>
          {ns}/{name}, asked by {requester ?? `the team of namespace ${ns}`}
          {r.metadata.creationTimestamp ? ` at ${r.metadata.creationTimestamp}` : ''}
        </dd>
        <dt className="font-medium">Reason</dt>
        <dd>{r.spec.reason}</dd>
        <dt className="font-medium">Routes affected</dt>
        <dd>
          {affected.length === 0
            ? 'No route references it yet.'
            : affected.map((a) => `${a.kind} ${a.namespace}/${a.name} (${a.fields.join(', ')})`).join('; ')}
        </dd>
        {phase !== 'Pending' && (
          <>
            <dt className="font-medium">Decision</dt>
            <dd>
              {phase} by {r.status?.decidedBy ?? 'unknown'}
              {r.status?.decidedAt ? ` at ${r.status.decidedAt}` : ''}
              {r.status?.referenceGrantName ? `; ReferenceGrant ${r.spec.to.namespace}/${r.status.referenceGrantName}` : ''}
              {r.status?.message ? `: ${r.status.message}` : ''}
            </dd>
          </>
        )}
      </dl>
      {phase === 'Pending' && (
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" size="sm" pending={approve.isPending} pendingLabel="Approving…" onClick={() => approve.mutate()} aria-label={`Approve ${ns}/${name}`}>
            Approve
          </Button>
          <Button size="sm" onClick={() => setDenying(true)} aria-label={`Deny ${ns}/${name}`}>
            Deny…
          </Button>
        </div>
      )}
      {approve.isSuccess && <Banner tone="success" title="Approved">A ReferenceGrant now permits it.</Banner>}
      {approve.error && (
        <Banner tone="error" title="Not approved">
          {approve.error.message}
        </Banner>
      )}
      <Dialog
        open={denying}
        title={`Deny ${ns}/${name}`}
        onClose={() => setDenying(false)}
        footer={
          <>
            <Button autoFocus onClick={() => setDenying(false)} disabled={deny.isPending}>
              Cancel
            </Button>
            <Button variant="danger" pending={deny.isPending} pendingLabel="Denying…" disabled={reason.trim() === ''} onClick={() => deny.mutate()}>
              Deny request
            </Button>
          </>
        }
      >
        <label htmlFor={reasonId} className="block text-sm font-medium">
          Reason (the requester sees it)
        </label>
        <textarea
          id={reasonId}
          required
          rows={3}
          maxLength={1024}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
        {deny.error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {deny.error.causes.find((c) => c.field === 'reason')?.message ?? deny.error.message}
          </p>
        )}
      </Dialog>
    </li>
  );
}
