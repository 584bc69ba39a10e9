import { RouteEditor } from '@/components/forms/route-editor';
import { loadMe } from '@/app/(console)/_data/load-me';

export const metadata = { title: 'New route · Portico' };

/** Create an HTTPRoute (or, with ?kind=grpcroutes, a GRPCRoute) in one of the user's namespaces. */
export default async function NewRoutePage({ searchParams }: { searchParams: Promise<{ kind?: string; namespace?: string }> }) {
  const me = await loadMe();
  const { kind, namespace } = await searchParams;
  const namespaces = me?.applicationNamespaces ?? [];
  const ns = namespace && namespaces.includes(namespace) ? namespace : (namespaces[0] ?? '');
  const routeKind = kind === 'grpcroutes' ? 'GRPCRoute' : 'HTTPRoute';
  return <RouteEditor key={routeKind} mode="create" kind={routeKind} namespace={ns} namespaces={namespaces} />;
}
