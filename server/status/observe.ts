import type { DesiredCondition, ObservedCondition } from '@/lib/gateway-api/conditions/desired-condition';

/** Stamps conditions with the generation they were computed from. */
export function observeConditions(conditions: readonly (DesiredCondition | undefined)[], generation: number): ObservedCondition[] {
  return conditions.flatMap((c) => (c ? [{ type: c.type, status: c.status, reason: c.reason, message: c.message, observedGeneration: generation }] : []));
}
