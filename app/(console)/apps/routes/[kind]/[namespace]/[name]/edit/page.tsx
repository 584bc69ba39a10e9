import { notFound } from 'next/navigation';
import { RouteEditor } from '@/components/forms/route-editor';
import { routeKindFromSegment } from '@/components/forms/route-draft';
import { loadMe } from '@/app/(console)/_data/load-me';

/** Edit a route in the form or as YAML. */
export default async function EditRoutePage({ params }: { params: Promise<{ kind: string; namespace: string; name: string }> }) {
  const { kind, namespace, name } = await params;
  const routeKind = routeKindFromSegment(kind);
  if (!routeKind) notFound();
  const me = await loadMe();
  return <RouteEditor mode="edit" kind={routeKind} namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} namespaces={me?.applicationNamespaces ?? []} />;
}
