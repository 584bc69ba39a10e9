'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { diagnosticsResponseSchema, type DiagnosticsResponse, type VisibleFinding } from '@/lib/api/diagnostics';
import { K8sApiError } from '@/lib/api/k8s-api-error';
import { queryKeys } from '@/lib/api/query-keys';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import type { RouteKind } from '@/components/apps/route-types';

async function fetchDiagnostics(kind: RouteKind, namespace: string, name: string, signal: AbortSignal): Promise<DiagnosticsResponse> {
  const res = await fetch(`/api/diagnostics/${kind}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`, { credentials: 'same-origin', signal, cache: 'no-store' });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw K8sApiError.fromStatus(res.status, body, `Diagnostics answered ${res.status}`);
  return diagnosticsResponseSchema.parse(body);
}

const TYPE_LABEL: Record<VisibleFinding['type'], string> = {
  ShadowedRule: 'Shadowed rule',
  HostnameCollision: 'Shared hostname',
};

function describeRelated(f: VisibleFinding): string {
  if (f.related.length === 0) return '';
  return f.related.map((r) => `${r.kind} ${r.namespace}/${r.name ?? '(a route you cannot read)'}${r.ruleIndex !== undefined ? ` rule ${r.ruleIndex + 1}` : ''}`).join('; ');
}

/**
 * Warnings the controller found that status alone does not show: rules that can never serve a
 * request (shadowed by earlier or more specific ones) and hostnames shared with other routes.
 * Refetched whenever the route changes, since both depend on the current rules.
 */
export function RouteDiagnostics({ kind, namespace, name, version }: { kind: RouteKind; namespace: string; name: string; version?: string }) {
  const queryClient = useQueryClient();
  const key = queryKeys.diagnostics.route(kind, namespace, name);
  const q = useQuery<DiagnosticsResponse, K8sApiError>({ queryKey: key, queryFn: ({ signal }) => fetchDiagnostics(kind, namespace, name, signal), refetchInterval: 10_000 });
  useEffect(() => {
    // The route changed (spec or status): what the controller found may have changed too.
    void queryClient.invalidateQueries({ queryKey: queryKeys.diagnostics.route(kind, namespace, name) });
  }, [version, queryClient, kind, namespace, name]);

  return (
    <section aria-labelledby="diagnostics-heading" className="space-y-2">
      <h2 id="diagnostics-heading" className="text-lg font-semibold">
        Warnings
      </h2>
      {q.isPending && <p role="status">Checking for shadowed rules and shared hostnames…</p>}
      {q.error && <Banner tone="warning" title="Could not load the controller's findings">{q.error.message}</Banner>}
      {q.data && q.data.findings.length === 0 && <p className="text-sm">No warnings: every rule can serve requests and no hostname is shared with another route.</p>}
      {q.data && q.data.findings.length > 0 && (
        <ul aria-label="Warnings" className="space-y-2">
          {q.data.findings.map((f, i) => (
            <li key={i} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
              <p className="flex flex-wrap items-center gap-2">
                <Badge tone="warning">{TYPE_LABEL[f.type]}</Badge>
                {f.ruleIndex !== undefined && <span>Rule {f.ruleIndex + 1}{f.matchIndex !== undefined ? `, match ${f.matchIndex + 1}` : ''}</span>}
                {f.hostnames.length > 0 && <span>on {f.hostnames.join(', ')}</span>}
              </p>
              <p className="mt-1">{f.message}</p>
              {f.related.length > 0 && <p className="mt-1 text-slate-700 dark:text-slate-300">Related: {describeRelated(f)}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
