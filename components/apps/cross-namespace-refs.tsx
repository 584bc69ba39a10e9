'use client';

import { RequestAccessButton } from '@/components/access/request-access-button';
import type { RouteKind, RouteObject } from '@/components/apps/route-types';

interface BackendTarget {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  rules: number[];
}

/** Backends a route names in other namespaces, deduplicated, with the rules that use them. */
export function crossNamespaceBackends(route: RouteObject): BackendTarget[] {
  const ns = route.metadata.namespace ?? '';
  const byKey = new Map<string, BackendTarget>();
  (route.spec?.rules ?? []).forEach((rule, i) => {
    for (const b of ((rule as { backendRefs?: { group?: string; kind?: string; namespace?: string; name?: string }[] }).backendRefs ?? [])) {
      if (!b.namespace || b.namespace === ns || !b.name) continue;
      const target = { group: b.group ?? '', kind: b.kind ?? 'Service', namespace: b.namespace, name: b.name };
      const key = `${target.group}/${target.kind}/${target.namespace}/${target.name}`;
      const entry = byKey.get(key) ?? { ...target, rules: [] };
      if (!entry.rules.includes(i)) entry.rules.push(i);
      byKey.set(key, entry);
    }
  });
  return [...byKey.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}

/**
 * References to other namespaces need the owner's consent (a ReferenceGrant there). Each one
 * gets the access-request button: ask, then follow the operator's decision live.
 */
export function CrossNamespaceRefs({ route, kind }: { route: RouteObject; kind: RouteKind }) {
  const targets = crossNamespaceBackends(route);
  if (targets.length === 0) return null;
  const ns = route.metadata.namespace ?? '';
  return (
    <section aria-labelledby="cross-ns-heading" className="space-y-2">
      <h2 id="cross-ns-heading" className="text-lg font-semibold">
        Backends in other namespaces
      </h2>
      <p className="text-sm">
        A route may send traffic to another namespace only when that namespace allows it with a ReferenceGrant. If it does not, ask its operators for access.
      </p>
      <ul aria-label="Backends in other namespaces" className="space-y-3">
        {targets.map((t) => (
          <li key={`${t.kind}/${t.namespace}/${t.name}`} className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
            <p>
              {t.kind} {t.namespace}/{t.name}, used by rule{t.rules.length > 1 ? 's' : ''} {t.rules.map((r) => r + 1).join(', ')}
            </p>
            <RequestAccessButton routeNamespace={ns} routeKind={kind} target={{ group: t.group, kind: t.kind, namespace: t.namespace, name: t.name }} />
          </li>
        ))}
      </ul>
    </section>
  );
}
