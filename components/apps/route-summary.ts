import type { RouteObject } from '@/components/apps/route-types';
import type { Tone } from '@/components/ui/badge';

export interface RouteSummary {
  tone: Tone;
  /** Text that says the state on its own (never colour alone). */
  text: string;
}

/**
 * One line for a route in a list: Accepted by every parent, accepted with unresolved
 * references, not accepted (with the first reason), or waiting for the controller.
 */
export function summarizeRoute(route: RouteObject): RouteSummary {
  const parents = route.status?.parents ?? [];
  const wanted = route.spec?.parentRefs?.length ?? 0;
  if (wanted === 0) return { tone: 'warning', text: 'No parent: not attached' };
  if (parents.length === 0) return { tone: 'neutral', text: 'Pending' };
  const generation = route.metadata.generation;
  let refsProblem: string | undefined;
  for (const p of parents) {
    const accepted = p.conditions?.find((c) => c.type === 'Accepted');
    if (!accepted || accepted.status === 'Unknown' || (generation !== undefined && accepted.observedGeneration !== undefined && accepted.observedGeneration < generation)) {
      return { tone: 'neutral', text: 'Pending' };
    }
    if (accepted.status !== 'True') return { tone: 'danger', text: `Not accepted (${accepted.reason ?? 'unknown'})` };
    const resolved = p.conditions?.find((c) => c.type === 'ResolvedRefs');
    if (resolved?.status === 'False') refsProblem = resolved.reason;
  }
  if (parents.length < wanted) return { tone: 'neutral', text: 'Pending' };
  if (refsProblem) return { tone: 'warning', text: `Accepted, refs not resolved (${refsProblem})` };
  return { tone: 'success', text: 'Accepted' };
}
