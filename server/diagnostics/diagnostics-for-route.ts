import type { Finding, RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';

/** The findings of one route (empty when it has none). Kind is `HTTPRoute` / `GRPCRoute`. */
export function diagnosticsForRoute(all: readonly RouteDiagnostics[], kind: string, namespace: string, name: string): Finding[] {
  return all.find((d) => d.kind === kind && d.namespace === namespace && d.name === name)?.findings ?? [];
}
