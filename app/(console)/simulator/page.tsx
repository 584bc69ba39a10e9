import type { Metadata } from 'next';
import { SimulatorView } from '@/components/simulator/simulator-view';

export const metadata: Metadata = { title: 'Request simulator · Portico' };

/**
 * "Which route serves this request?": every signed-in user may open it; the API answers only for
 * Gateways the caller may read and names only the routes they may read. `?gateway=ns/name&host=&path=`
 * preselects a request (links from route pages).
 */
export default async function SimulatorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return (
    <section aria-labelledby="simulator-heading" className="space-y-4">
      <div>
        <h1 id="simulator-heading" className="text-2xl font-semibold">
          Which route serves this request?
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Enter a request to see the listener, route, rule, filters and backends that serve it, and why every other candidate lost. The prediction uses the proxy&apos;s own
          routing code; send the request for real to compare.
        </p>
      </div>
      <SimulatorView initialGateway={first(params.gateway)} defaultHost={first(params.host)} defaultPath={first(params.path)} />
    </section>
  );
}
