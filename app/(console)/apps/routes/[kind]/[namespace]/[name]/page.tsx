import { notFound } from 'next/navigation';
import { RouteDetail } from '@/components/apps/route-detail';
import { routeKindFromSegment } from '@/components/forms/route-draft';

/** A route's live detail page: /apps/routes/<httproutes|grpcroutes>/<namespace>/<name>. */
export default async function RouteDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ kind: string; namespace: string; name: string }>;
  searchParams: Promise<{ saved?: string }>;
}) {
  const { kind, namespace, name } = await params;
  const { saved } = await searchParams;
  const routeKind = routeKindFromSegment(kind);
  if (!routeKind) notFound();
  return <RouteDetail kind={routeKind} namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} saved={saved} />;
}
