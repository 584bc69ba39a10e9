import type { RouteKind, RouteObject } from '@/components/apps/route-types';

interface RuleLike {
  name?: string;
  matches?: { path?: { type?: string; value?: string }; method?: unknown; headers?: { name?: string; value?: string }[] }[];
  filters?: { type?: string }[];
  backendRefs?: { name?: string; namespace?: string; port?: number; weight?: number }[];
}

function describeMatch(kind: RouteKind, m: NonNullable<RuleLike['matches']>[number]): string {
  if (kind === 'GRPCRoute') {
    const method = (m.method ?? {}) as { service?: string; method?: string };
    return `gRPC ${method.service ?? '*'}/${method.method ?? '*'}`;
  }
  const parts = [`${m.path?.type === 'Exact' ? 'path' : m.path?.type === 'RegularExpression' ? 'path matching' : 'path prefix'} ${m.path?.value ?? '/'}`];
  if (typeof m.method === 'string') parts.push(`method ${m.method}`);
  for (const h of m.headers ?? []) parts.push(`header ${h.name}: ${h.value}`);
  return parts.join(', ');
}

/** The route's hostnames and rules as a readable list (what it serves, where it sends it). */
export function RulesSummary({ route, kind }: { route: RouteObject; kind: RouteKind }) {
  const rules = (route.spec?.rules ?? []) as RuleLike[];
  const hostnames = route.spec?.hostnames ?? [];
  const ns = route.metadata.namespace ?? '';
  return (
    <section aria-labelledby="rules-heading" className="space-y-2">
      <h2 id="rules-heading" className="text-lg font-semibold">
        Hostnames and rules
      </h2>
      <p className="text-sm">Hostnames: {hostnames.length ? hostnames.join(', ') : 'every hostname of the listeners it attaches to'}</p>
      <ol aria-label="Rules" className="space-y-2">
        {rules.map((r, i) => {
          const total = (r.backendRefs ?? []).reduce((n, b) => n + (b.weight ?? 1), 0);
          return (
            <li key={i} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
              <p className="font-medium">
                Rule {i + 1}
                {r.name ? ` (${r.name})` : ''}
              </p>
              <p>Matches: {(r.matches ?? []).length ? (r.matches ?? []).map((m) => describeMatch(kind, m)).join(' or ') : kind === 'HTTPRoute' ? 'path prefix /' : 'every call'}</p>
              {(r.filters ?? []).length > 0 && <p>Filters: {(r.filters ?? []).map((f) => f.type).join(', ')}</p>}
              <p>
                Backends:{' '}
                {(r.backendRefs ?? []).length
                  ? (r.backendRefs ?? [])
                      .map((b) => `${b.namespace && b.namespace !== ns ? `${b.namespace}/` : ''}${b.name}:${b.port ?? '?'}${total > 0 && (r.backendRefs ?? []).length > 1 ? ` (${Math.round(((b.weight ?? 1) / total) * 100)}%)` : ''}`)
                      .join(', ')
                  : 'none'}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
