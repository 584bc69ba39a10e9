'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { postPorticoApi, readPorticoApi, type PorticoApiError } from '@/lib/api/access-requests';
import { historyPath, type HistoryEntry, type HistoryResponse, type RestoreResponse } from '@/lib/api/history';
import { resourceRef } from '@/lib/api/k8s-paths';
import { queryKeys } from '@/lib/api/query-keys';
import { findResourceTypeByKind } from '@/lib/k8s/kinds';
import { useK8sObject } from '@/components/hooks/use-k8s-object';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { DiffView } from './diff-view';

export interface ObjectHistoryProps {
  /** '' for the core group. */
  group: string;
  kind: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  name: string;
}

const VERB_WORDS: Record<HistoryEntry['verb'], string> = { create: 'created', update: 'updated', patch: 'patched', delete: 'deleted' };

/**
 * An object's change history: who changed it, when, and how (a diff), newest first; each
 * version can be restored in one action, which the API performs as the signed-in user (so
 * RBAC decides, and a refusal is shown verbatim). Refreshes when the object changes.
 */
export function ObjectHistory({ group, kind, namespace, name }: ObjectHistoryProps) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const type = findResourceTypeByKind(group, kind);
  const live = useK8sObject(type ? resourceRef(type) : { group, version: 'v1', plural: 'unknown' }, namespace, type ? name : '');
  const path = historyPath({ group, kind, namespace, name });
  const key = queryKeys.history.object(group, kind, namespace ?? '', name);
  const history = useQuery<HistoryResponse, PorticoApiError>({
    // The live object's resourceVersion is part of the key: every change refetches the history.
    queryKey: [...key, live.data?.metadata.resourceVersion ?? (live.data === null ? 'gone' : '')],
    queryFn: async ({ signal }) => readPorticoApi<HistoryResponse>(await fetch(path, { credentials: 'same-origin', signal, cache: 'no-store' })),
    placeholderData: (previous) => previous,
    // A refusal (403) or a missing kind (404) will not change on retry.
    retry: (count, err) => !(err.status >= 400 && err.status < 500) && count < 3,
  });
  const restore = useMutation<RestoreResponse, PorticoApiError, number>({
    mutationFn: (id) => postPorticoApi<RestoreResponse>(`${path}/restore`, { id }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      if (type) await queryClient.invalidateQueries({ queryKey: queryKeys.k8s.resource(resourceRef(type)) });
    },
  });
  const entries = history.data?.entries ?? [];
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-xl font-semibold">
        History of {kind} {namespace ? `${namespace}/` : ''}
        {name}
      </h2>
      {history.error && <Banner tone="error" title="Could not load the history">{history.error.message}</Banner>}
      {restore.error && <Banner tone="error" title="The restore was refused">{restore.error.message}</Banner>}
      {restore.isSuccess && (
        <Banner tone="success" title={`Version restored (${restore.data.action === 'created' ? 'created again' : 'updated'}, resourceVersion ${restore.data.resourceVersion})`} />
      )}
      {history.isPending && <p role="status">Loading history…</p>}
      {!history.isPending && !history.error && entries.length === 0 && <p>No changes were recorded for this object yet.</p>}
      <ol className="space-y-4" aria-label="Changes, newest first">
        {entries.map((entry) => (
          <li key={entry.id} className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={entry.verb === 'delete' ? 'danger' : entry.verb === 'create' ? 'success' : 'info'}>{VERB_WORDS[entry.verb]}</Badge>{' '}
              <span>
                by <strong>{entry.user}</strong> at <time dateTime={entry.time}>{entry.time.replace('T', ' ').replace('Z', ' UTC')}</time>
              </span>
              <span className="text-slate-600 dark:text-slate-400">resourceVersion {entry.resourceVersion}</span>
              {entry.restorable && (
                <Button
                  size="sm"
                  className="ml-auto"
                  onClick={() => restore.mutate(entry.id)}
                  pending={restore.isPending && restore.variables === entry.id}
                  pendingLabel="Restoring…"
                  aria-label={`Restore the version ${VERB_WORDS[entry.verb]} by ${entry.user} at ${entry.time}`}
                >
                  Restore this version
                </Button>
              )}
            </div>
            <DiffView lines={entry.diff} label={`Changes ${VERB_WORDS[entry.verb]} by ${entry.user} at ${entry.time}`} />
          </li>
        ))}
      </ol>
    </section>
  );
}
