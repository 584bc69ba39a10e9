'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { postPorticoApi, readPorticoApi, type PorticoApiError } from '@/lib/api/access-requests';
import { queryKeys } from '@/lib/api/query-keys';
import {
  GATEWAYS_IMPACT_PATH,
  REFERENCE_GRANTS_IMPACT_PATH,
  referenceGrantImpactPath,
  type GatewayImpact,
  type ImpactedObject,
  type ReferenceGrantImpact,
} from '@/lib/api/reference-grant-impact';
import type { K8sObject } from '@/lib/k8s/object';

/** Impact previews follow the controller's snapshot, which changes with any object: poll gently. */
const REFRESH_MS = 2000;

export function useGrantImpact(namespace: string, name: string, enabled = true) {
  return useQuery<ReferenceGrantImpact, PorticoApiError>({
    queryKey: queryKeys.impact.grant(namespace, name, ''),
    queryFn: async ({ signal }) => readPorticoApi<ReferenceGrantImpact>(await fetch(referenceGrantImpactPath(namespace, name), { signal, credentials: 'same-origin' })),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

export function useProposedGrantImpact(grant: K8sObject | undefined) {
  const body = grant ? JSON.stringify(grant) : '';
  return useQuery<ReferenceGrantImpact, PorticoApiError>({
    queryKey: queryKeys.impact.proposedGrant(body),
    queryFn: () => postPorticoApi<ReferenceGrantImpact>(`${REFERENCE_GRANTS_IMPACT_PATH}/impact`, grant),
    enabled: grant !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useGatewayImpact(gateway: K8sObject | undefined) {
  const body = gateway ? JSON.stringify(gateway) : '';
  return useQuery<GatewayImpact, PorticoApiError>({
    queryKey: queryKeys.impact.gateway(body),
    queryFn: () => postPorticoApi<GatewayImpact>(GATEWAYS_IMPACT_PATH, gateway),
    enabled: gateway !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS * 2,
  });
}

/** `HTTPRoute team-a/storefront` or, for one the caller may not read, `an HTTPRoute in team-a`. */
export function describeImpacted(o: Pick<ImpactedObject, 'kind' | 'namespace' | 'name'>): string {
  return o.name ? `${o.kind} ${o.namespace}/${o.name}` : `an ${o.kind} in ${o.namespace}`;
}
