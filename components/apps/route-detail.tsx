'use client';

import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { ObjectLike } from '@/lib/api/k8s-types';
import { queryKeys } from '@/lib/api/query-keys';
import { REFS } from '@/lib/api/resource-refs';
import { Banner } from '@/components/ui/banner';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { useK8sObject } from '@/components/hooks/use-k8s-object';
import { CrossNamespaceRefs } from '@/components/apps/cross-namespace-refs';
import { DeleteRouteButton } from '@/components/apps/delete-route-button';
import { explainParents } from '@/components/apps/explain-parent-status';
import { ParentStatusCard } from '@/components/apps/parent-status-card';
import { RouteDiagnostics } from '@/components/apps/route-diagnostics';
import { RulesSummary } from '@/components/apps/rules-summary';
import type { GatewayObject, RouteKind, RouteObject } from '@/components/apps/route-types';
import { ROUTE_KIND_SEGMENTS, routeRef } from '@/components/forms/route-draft';
import { TestRequestPanel } from '@/components/simulator/test-request-panel';

/**
 * A route, live: per-parent status in plain words (raw conditions one disclosure away), the
 * controller's warnings, its rules, a test request through the proxy, edit and delete.
 */
export function RouteDetail({ kind, namespace, name, saved }: { kind: RouteKind; namespace: string; name: string; saved?: string }) {
  const queryClient = useQueryClient();
  const route = useK8sObject<RouteObject>(routeRef(kind), namespace, name);
  // Not watched (each watch holds one of the browser's few connections): a Gateway change that
  // matters changes this route's status, which refreshes these lists below.
  const gateways = useK8sList<GatewayObject>(REFS.gateways, undefined, { watch: false });
  const namespaces = useK8sList<ObjectLike>(REFS.namespaces, undefined, { watch: false });
  const statusVersion = JSON.stringify(route.data?.status ?? null);
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.k8s.list(REFS.namespaces) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.k8s.list(REFS.gateways) });
  }, [statusVersion, queryClient]);

  const explanations = useMemo(() => {
    if (!route.data) return [];
    const byKey = new Map(gateways.items.map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]));
    const labels = namespaces.isSuccess ? (namespaces.items.find((n) => n.metadata.name === namespace)?.metadata.labels ?? {}) : undefined;
    return explainParents(route.data, { kind, gateways: byKey, namespaceLabels: labels });
  }, [route.data, gateways.items, namespaces.isSuccess, namespaces.items, namespace, kind]);

  if (route.isPending) return <p role="status">Loading {kind} {namespace}/{name}…</p>;
  if (route.error) return <Banner tone="error" title={`Could not load ${kind} ${namespace}/${name}`}>{route.error.message}</Banner>;
  if (!route.data) {
    return (
      <Banner tone="warning" title="Route not found">
        <p>{kind} {namespace}/{name} does not exist (it may have just been deleted).</p>
        <p><Link className="underline" href="/apps">Back to routes</Link></p>
      </Banner>
    );
  }
  const r = route.data;
  const firstGateway = (r.spec?.parentRefs ?? []).find((p) => (p.kind ?? 'Gateway') === 'Gateway' && p.name);
  const firstPath = ((r.spec?.rules?.[0] as { matches?: { path?: { value?: string } }[] } | undefined)?.matches?.[0]?.path?.value) ?? '/';
  const editHref = `/apps/routes/${ROUTE_KIND_SEGMENTS[kind]}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/edit`;

  return (
    <article aria-labelledby="route-heading" className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <Link className="underline" href="/apps">Routes</Link> / {namespace}
          </p>
          <h1 id="route-heading" className="text-2xl font-semibold">
            {kind} {name}
          </h1>
        </div>
        <div className="flex gap-2">
          <Link href={editHref} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
            Edit
          </Link>
          <Link
            href={`/history?kind=${encodeURIComponent(`gateway.networking.k8s.io/${kind}`)}&namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`}
            className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            History
          </Link>
          <DeleteRouteButton kind={kind} namespace={namespace} name={name} />
        </div>
      </header>
      {saved && <Banner tone="success" title={saved === 'created' ? 'Route created' : 'Changes saved'}>The status below updates live as the controller processes it.</Banner>}

      <section aria-labelledby="status-heading" className="space-y-2">
        <h2 id="status-heading" className="text-lg font-semibold">
          Status by parent
        </h2>
        {explanations.length === 0 ? (
          <p className="text-sm">This route names no parent, so no Gateway serves it. Edit it to add one.</p>
        ) : (
          <ul aria-label="Parents" className="space-y-3">
            {explanations.map((e, i) => (
              <ParentStatusCard key={i} explanation={e} generation={r.metadata.generation} />
            ))}
          </ul>
        )}
      </section>

      <CrossNamespaceRefs route={r} kind={kind} />
      <RouteDiagnostics kind={kind} namespace={namespace} name={name} version={r.metadata.resourceVersion} />
      <RulesSummary route={r} kind={kind} />

      <section aria-labelledby="test-heading" className="space-y-2">
        <h2 id="test-heading" className="text-lg font-semibold">
          Send a test request
        </h2>
        {firstGateway ? (
          <TestRequestPanel
            gateway={{ namespace: firstGateway.namespace ?? namespace, name: firstGateway.name ?? '' }}
            defaultHost={r.spec?.hostnames?.[0]?.replace(/^\*\./, 'www.') ?? ''}
            defaultPath={firstPath}
            title={`Through Gateway ${firstGateway.namespace ?? namespace}/${firstGateway.name}`}
          />
        ) : (
          <p className="text-sm">Attach the route to a Gateway to send a test request through it.</p>
        )}
      </section>
    </article>
  );
}
