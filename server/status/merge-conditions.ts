import { PORTICO_CONDITION_TYPES } from '@/lib/gateway-api/conditions/condition-vocabulary';
import type { ObservedCondition } from '@/lib/gateway-api/conditions/desired-condition';
import type { Condition } from '@/lib/gateway-api/shared/conditions';

/**
 * Merges desired conditions into a stored list (SEMANTICS §1.4, A-17), read-modify-write style:
 * - types we do not own (`vendor.io/Foo`) stay exactly where and as they are;
 * - an owned type keeps its position; `lastTransitionTime` changes only when `status` does;
 * - an owned type that is no longer desired (PartiallyInvalid, Conflicted) is removed;
 * - a stored condition with a newer `observedGeneration` than ours is kept: our view is stale;
 * - new types are appended in desired order.
 * Returns a new list; the input is not modified. `now` is an RFC 3339 timestamp from the caller.
 */
export function mergeConditions(
  existing: readonly Condition[] | undefined,
  desired: readonly ObservedCondition[],
  now: string,
  ownedTypes: ReadonlySet<string> = PORTICO_CONDITION_TYPES,
): Condition[] {
  const wanted = new Map(desired.map((d) => [d.type, d]));
  const generation = desired.reduce((g, d) => Math.max(g, d.observedGeneration), 0);
  const used = new Set<string>();
  const merged: Condition[] = [];
  for (const current of existing ?? []) {
    if (!ownedTypes.has(current.type)) {
      merged.push(current);
      continue;
    }
    if (used.has(current.type)) continue; // a duplicate of an owned type: the list is a map keyed by type
    used.add(current.type);
    const next = wanted.get(current.type);
    if ((current.observedGeneration ?? 0) > generation) merged.push(current);
    else if (next) merged.push(toCondition(next, current.status === next.status ? current.lastTransitionTime : now));
  }
  for (const d of desired) {
    if (!used.has(d.type)) merged.push(toCondition(d, now));
  }
  return merged;
}

/** Whether a stored list already reflects a newer generation than the one we computed from. */
export function isStatusStale(existing: readonly Condition[] | undefined, generation: number): boolean {
  return (existing ?? []).some((c) => PORTICO_CONDITION_TYPES.has(c.type) && (c.observedGeneration ?? 0) > generation);
}

function toCondition(d: ObservedCondition, lastTransitionTime: string): Condition {
  return { type: d.type, status: d.status, observedGeneration: d.observedGeneration, lastTransitionTime, reason: d.reason, message: d.message };
}
