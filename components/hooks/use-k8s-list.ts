'use client';

import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ObjectLike as K8sObject, ObjectList as K8sList } from '@/lib/api/k8s-types';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import type { K8sApiError } from '@/lib/api/k8s-api-error';
import type { ResourceRef } from '@/lib/api/k8s-paths';
import { queryKeys } from '@/lib/api/query-keys';
import { applyWatchEvent } from '@/lib/api/watch-reducer';
import { runK8sWatch, shareWatch } from '@/components/hooks/k8s-watch-loop';

export interface UseK8sListOptions {
  labelSelector?: string;
  /** false: do not fetch or watch (e.g. until a namespace is chosen). */
  enabled?: boolean;
  /** false: list once, no live updates. */
  watch?: boolean;
}

export type K8sListQuery<T extends K8sObject> = UseQueryResult<K8sList<T>, K8sApiError> & { items: T[] };

/**
 * A live list of one resource type (in one namespace, or all the caller may list): the list is
 * fetched once, then a shared watch applies each event to the cached list, so changes made
 * anywhere (kubectl, another tab) show within a second. On 410 the list is fetched again.
 */
export function useK8sList<T extends K8sObject = K8sObject>(
  ref: ResourceRef,
  namespace?: string,
  opts: UseK8sListOptions = {},
): K8sListQuery<T> {
  const queryClient = useQueryClient();
  const enabled = opts.enabled ?? true;
  const key = queryKeys.k8s.list(ref, namespace, opts.labelSelector);
  const query = useQuery<K8sList<T>, K8sApiError>({
    queryKey: key,
    queryFn: ({ signal }) => k8sFetch.list<T>(ref, namespace, { labelSelector: opts.labelSelector, signal }),
    enabled,
    // A watched list is kept fresh by its watch (refetching would only race it); an unwatched
    // one is refreshed when a component mounts and it is older than a few seconds.
    staleTime: (opts.watch ?? true) ? Infinity : 5_000,
  });
  const ready = query.isSuccess;
  const watching = enabled && ready && (opts.watch ?? true);
  const id = JSON.stringify(key);

  useEffect(() => {
    if (!watching) return;
    const listKey = JSON.parse(id) as readonly unknown[];
    return shareWatch(id, () =>
      runK8sWatch({
        ref,
        namespace,
        labelSelector: opts.labelSelector,
        getResourceVersion: () => queryClient.getQueryData<K8sList<T>>(listKey)?.metadata.resourceVersion,
        onEvent: (event) =>
          queryClient.setQueryData<K8sList<T>>(listKey, (old) => (old ? applyWatchEvent(old, event as never) : old)),
        onExpired: () => queryClient.refetchQueries({ queryKey: listKey, exact: true }),
      }),
    );
    // `id` captures ref, namespace and selector; the callbacks read the cache, not render state.
  }, [id, watching, queryClient]);

  return Object.assign(query, { items: query.data?.items ?? [] });
}
