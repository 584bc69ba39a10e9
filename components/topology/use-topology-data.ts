'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/lib/api/query-keys';
import { topologyModelSchema, topologySearchParams, trafficResponseSchema, type TopologyModel, type TopologyQuery, type TrafficResponse } from '@/lib/api/topology';

/** Both documents change on the server without a push: the page polls them every second. */
const POLL_MS = 1_000;

async function fetchJson<T>(path: string, parse: (v: unknown) => T): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(message ?? `${path} answered ${res.status}`);
  }
  return parse(body);
}

export function useTopologyModel(query: Required<TopologyQuery>) {
  return useQuery<TopologyModel>({
    queryKey: queryKeys.topology.model(query.namespace, query.gateway, query.problemsOnly),
    queryFn: () => fetchJson(`/api/topology${topologySearchParams(query)}`, (v) => topologyModelSchema.parse(v)),
    refetchInterval: POLL_MS,
    // Changing a filter keeps the old picture until the new one arrives (no flash of empty canvas).
    placeholderData: keepPreviousData,
  });
}

export function useTraffic() {
  return useQuery<TrafficResponse>({
    queryKey: queryKeys.topology.traffic(),
    queryFn: () => fetchJson('/api/traffic', (v) => trafficResponseSchema.parse(v)),
    refetchInterval: POLL_MS,
  });
}
