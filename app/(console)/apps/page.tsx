import Link from 'next/link';
import { Banner } from '@/components/ui/banner';
import { NamespaceRoutes } from '@/components/apps/route-list';
import { loadMe } from '@/app/(console)/_data/load-me';

export const metadata = { title: 'Routes · Portico' };

/** Ana's start page: the routes of each namespace her role opens, live. */
export default async function AppsPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const me = await loadMe();
  const { deleted } = await searchParams;
  const namespaces = me?.applicationNamespaces ?? [];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Routes</h1>
        <Link href="/apps/routes/new" className="rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800">
          New route
        </Link>
      </div>
      {deleted && <Banner tone="success" title="Route deleted">{`${deleted} was deleted.`}</Banner>}
      {namespaces.length === 0 && <p>Your role opens no namespace for routes yet.</p>}
      {namespaces.map((ns) => (
        <NamespaceRoutes key={ns} namespace={ns} />
      ))}
    </div>
  );
}
