import type { RelatedRoute, RouteKey } from '@/server/diagnostics/diagnostic-types';

/**
 * Names other routes in a message read by whoever may read `self`: routes of the same namespace
 * by name (and rule), routes of other namespaces by namespace only. Status and finding messages
 * go to readers of one namespace; another namespace's route names are that namespace's business,
 * while the namespace is what a user needs to find the team to talk to (and, for routes on one
 * shared listener, what the listener's hostnames already reveal).
 */
export function describeRelated(self: RouteKey, related: readonly RelatedRoute[]): string {
  const parts: string[] = [];
  const foreign = new Map<string, Set<string>>();
  for (const r of related) {
    if (r.namespace !== self.namespace) {
      const kinds = foreign.get(r.namespace) ?? new Set<string>();
      kinds.add(r.kind);
      foreign.set(r.namespace, kinds);
      continue;
    }
    const rule = r.ruleIndex === undefined ? '' : ` rule ${r.ruleIndex}`;
    parts.push(r.kind === self.kind && r.name === self.name ? `this route's${rule}` : `${r.kind} ${r.name}${rule}`);
  }
  for (const [namespace, kinds] of [...foreign].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    parts.push(`${[...kinds].sort().join('/')} in namespace ${namespace}`);
  }
  return parts.join(', ');
}

/** Code-unit order (not locale): deterministic everywhere. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareRelated(a: RelatedRoute, b: RelatedRoute): number {
  return byCodeUnit(a.kind, b.kind) || byCodeUnit(a.namespace, b.namespace) || byCodeUnit(a.name, b.name) || (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1);
}
