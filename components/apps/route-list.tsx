'use client';

import Link from 'next/link';
import { REFS } from '@/lib/api/resource-refs';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { DataTable } from '@/components/ui/data-table';
import { useK8sList } from '@/components/hooks/use-k8s-list';
import { summarizeRoute } from '@/components/apps/route-summary';
import type { RouteKind, RouteObject } from '@/components/apps/route-types';
import { routeHref } from '@/components/forms/route-draft';

interface Row {
  kind: RouteKind;
  route: RouteObject;
}

/** The HTTPRoutes and GRPCRoutes of one namespace, live. */
export function NamespaceRoutes({ namespace }: { namespace: string }) {
  const http = useK8sList<RouteObject>(REFS.httpRoutes, namespace);
  const grpc = useK8sList<RouteObject>(REFS.grpcRoutes, namespace);
  const rows: Row[] = [
    ...http.items.map((route) => ({ kind: 'HTTPRoute' as const, route })),
    ...grpc.items.map((route) => ({ kind: 'GRPCRoute' as const, route })),
  ].sort((a, b) => (a.route.metadata.name ?? '').localeCompare(b.route.metadata.name ?? '') || a.kind.localeCompare(b.kind));
  const error = http.error ?? grpc.error;
  return (
    <section aria-labelledby={`ns-${namespace}`} className="space-y-2">
      <h2 id={`ns-${namespace}`} className="text-lg font-semibold">
        Namespace {namespace}
      </h2>
      {error && <Banner tone="error" title={`Could not list routes in ${namespace}`}>{error.message}</Banner>}
      {http.isPending || grpc.isPending ? (
        <p role="status">Loading routes…</p>
      ) : (
        <DataTable<Row>
          caption={`Routes in ${namespace}`}
          hideCaption
          rows={rows}
          rowKey={(r) => `${r.kind}/${r.route.metadata.name}`}
          empty="No routes in this namespace yet."
          columns={[
            { header: 'Name', rowHeader: true, cell: (r) => <Link className="text-sky-800 underline dark:text-sky-300" href={routeHref(r.kind, namespace, r.route.metadata.name ?? '')}>{r.route.metadata.name}</Link> },
            { header: 'Kind', cell: (r) => r.kind },
            { header: 'Hostnames', cell: (r) => (r.route.spec?.hostnames ?? []).join(', ') || 'any' },
            { header: 'Parents', cell: (r) => (r.route.spec?.parentRefs ?? []).map((p) => `${p.namespace ?? namespace}/${p.name}${p.sectionName ? `/${p.sectionName}` : ''}`).join(', ') || 'none' },
            {
              header: 'Status',
              cell: (r) => {
                const s = summarizeRoute(r.route);
                return <Badge tone={s.tone}>{s.text}</Badge>;
              },
            },
          ]}
        />
      )}
    </section>
  );
}
