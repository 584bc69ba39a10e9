'use client';

import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ObjectLike as K8sObject } from '@/lib/api/k8s-types';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import { K8sApiError } from '@/lib/api/k8s-api-error';
import type { ResourceRef } from '@/lib/api/k8s-paths';
import { queryKeys } from '@/lib/api/query-keys';
import { applyWatchEventToObject } from '@/lib/api/watch-reducer';
import { runK8sWatch, shareWatch } from '@/components/hooks/k8s-watch-loop';

export interface UseK8sObjectOptions {
  enabled?: boolean;
  watch?: boolean;
}

/**
 * One live object: `data` is the object, or null when it does not exist (404, or deleted while
 * shown). A watch on its collection narrowed by `metadata.name` keeps it current.
 */
export function useK8sObject<T extends K8sObject = K8sObject>(
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  opts: UseK8sObjectOptions = {},
): UseQueryResult<T | null, K8sApiError> {
  const queryClient = useQueryClient();
  const enabled = (opts.enabled ?? true) && name !== '';
  const key = queryKeys.k8s.object(ref, namespace, name);
  const query = useQuery<T | null, K8sApiError>({
    queryKey: key,
    queryFn: async ({ signal }) => {
      try {
        return await k8sFetch.get<T>(ref, namespace, name, { signal });
      } catch (err) {
        if (err instanceof K8sApiError && err.isNotFound) return null;
        throw err;
      }
    },
    enabled,
    staleTime: Infinity,
  });
  const watching = enabled && query.isSuccess && (opts.watch ?? true);
  const id = JSON.stringify(key);

  useEffect(() => {
    if (!watching) return;
    const objectKey = JSON.parse(id) as readonly unknown[];
    return shareWatch(id, () =>
      runK8sWatch({
        ref,
        namespace,
        fieldSelector: `metadata.name=${name}`,
        // No version when absent: the watch then starts with the current state (an ADDED if it appeared).
        getResourceVersion: () => queryClient.getQueryData<T | null>(objectKey)?.metadata.resourceVersion,
        onEvent: (event) => queryClient.setQueryData<T | null>(objectKey, (old) => applyWatchEventToObject(old ?? null, event as never)),
        onExpired: () => queryClient.refetchQueries({ queryKey: objectKey, exact: true }),
      }),
    );
  }, [id, watching, queryClient]);

  return query;
}
