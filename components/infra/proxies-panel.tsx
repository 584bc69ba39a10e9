'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { DataTable } from '@/components/ui/data-table';
import { readPorticoApi, type PorticoApiError } from '@/lib/api/access-requests';
import { PROXIES_PATH, type ProxiesResponse, type ProxyInfo } from '@/lib/api/proxies';
import { queryKeys } from '@/lib/api/query-keys';

const rate = (n: number | null) => (n === null ? 'measuring…' : `${n} req/s`);

/**
 * The proxies serving Portico's Gateways: connected, which snapshot they applied (and whether
 * it is the current one), and requests per second, overall or for the given Gateways only.
 */
export function ProxiesPanel({ gateways }: { gateways?: string[] }) {
  const proxies = useQuery<ProxiesResponse, PorticoApiError>({
    queryKey: queryKeys.proxies(),
    queryFn: async ({ signal }) => readPorticoApi<ProxiesResponse>(await fetch(PROXIES_PATH, { signal, credentials: 'same-origin' })),
    refetchInterval: 2000,
  });
  const scoped = (p: ProxyInfo) => (gateways ? p.gateways.filter((g) => gateways.includes(`${g.namespace}/${g.name}`)) : p.gateways);
  return (
    <section aria-labelledby="proxies-heading" className="space-y-2">
      <h2 id="proxies-heading" className="text-lg font-semibold">
        Proxies
      </h2>
      {proxies.error && (
        <Banner tone="error" title="Could not load proxies">
          {proxies.error.message}
        </Banner>
      )}
      {proxies.data && (
        <>
          <p className="text-sm">Published routing snapshot: {proxies.data.publishedVersion ?? 'none yet'}</p>
          <DataTable
            caption="Proxies"
            hideCaption
            rows={proxies.data.proxies}
            rowKey={(p) => p.id}
            empty="No proxy has connected."
            columns={[
              { header: 'Proxy', rowHeader: true, cell: (p) => p.id },
              {
                header: 'Connected',
                cell: (p) => (p.connected === null ? <Badge tone="neutral">Acknowledged {p.lastAckAt ?? 'never'}</Badge> : <Badge tone={p.connected ? 'success' : 'danger'}>{p.connected ? 'Connected' : 'Not answering'}</Badge>),
              },
              {
                header: 'Applied snapshot',
                cell: (p) => (
                  <span className="flex flex-wrap items-center gap-1">
                    <span className="font-mono text-xs">{p.appliedVersion ?? 'none'}</span>
                    <Badge tone={p.upToDate ? 'success' : 'warning'}>{p.upToDate ? 'Current' : 'Behind'}</Badge>
                    {p.rejectedReason && <span>Rejected: {p.rejectedReason}</span>}
                  </span>
                ),
              },
              { header: 'Listeners bound', cell: (p) => `${p.listeners.filter((l) => l.bound).length} of ${p.listeners.length}` },
              {
                header: 'Requests',
                cell: (p) => {
                  const rows = scoped(p);
                  if (p.requestsTotal === null) return 'Not available (the admin API is not reachable from the control plane)';
                  if (gateways) return rows.length ? rows.map((g) => `${g.namespace}/${g.name}: ${rate(g.requestsPerSecond)}`).join('; ') : 'no traffic yet';
                  return `${rate(p.requestsPerSecond)} (${p.requestsTotal} total)`;
                },
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
