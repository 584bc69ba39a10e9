'use client';

import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { k8sFetch } from '@/lib/api/k8s-fetch';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import type { ObjectLike } from '@/lib/api/k8s-types';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { buildParentChoices } from '@/components/apps/parent-choices';
import type { GatewayObject, RouteKind } from '@/components/apps/route-types';
import type { ServiceChoice } from '@/components/forms/backend-fields';

interface ServiceObject extends ObjectLike {
  spec?: { ports?: { port: number }[] };
}

/**
 * What the route form offers: Gateways (live: an operator's change to allowedRoutes shows at
 * once), namespace labels (for Selector listeners) and the Services of the user's namespaces.
 */
export function useRouteEditorData(kind: RouteKind, routeNamespace: string, namespaces: readonly string[]) {
  const gateways = useK8sList<GatewayObject>(REFS.gateways);
  const nsList = useK8sList<ObjectLike>(REFS.namespaces, undefined, { watch: false });
  const serviceQueries = useQueries({
    queries: namespaces.map((ns) => ({
      queryKey: queryKeys.k8s.list(REFS.services, ns),
      queryFn: () => k8sFetch.list<ServiceObject>(REFS.services, ns),
      staleTime: 5_000,
    })),
  });
  const labels = nsList.items.find((n) => n.metadata.name === routeNamespace)?.metadata.labels;
  const parentChoices = useMemo(
    () => buildParentChoices(gateways.items, kind, routeNamespace, nsList.isSuccess ? (labels ?? {}) : undefined),
    [gateways.items, kind, routeNamespace, nsList.isSuccess, labels],
  );
  const services: ServiceChoice[] = serviceQueries.flatMap((q) =>
    (q.data?.items ?? []).map((s) => ({ namespace: s.metadata.namespace ?? '', name: s.metadata.name ?? '', ports: (s.spec?.ports ?? []).map((p) => p.port) })),
  );
  const loadError = gateways.error ?? nsList.error ?? serviceQueries.find((q) => q.error)?.error ?? null;
  return { parentChoices, services, loadError, gateways: gateways.items };
}
