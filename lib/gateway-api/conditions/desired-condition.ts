/**
 * A condition as a pipeline stage decides it: type, status, reason and message. The status
 * stage stamps `observedGeneration`; `mergeConditions` adds `lastTransitionTime`. Builders in
 * this folder are the only place conditions are made (DESIGN.md, Conventions).
 */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface DesiredCondition {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/** A desired condition stamped with the generation it was computed from. */
export interface ObservedCondition extends DesiredCondition {
  observedGeneration: number;
}

export function makeCondition(type: string, status: ConditionStatus, reason: string, message: string): DesiredCondition {
  return { type, status, reason, message };
}
