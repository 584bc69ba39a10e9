import { ConditionReason as R, ConditionType as T } from '@/lib/gateway-api/conditions/condition-vocabulary';
import { makeCondition, type DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';

/** GatewayClass conditions (SEMANTICS §1.3). */

export function gatewayClassAccepted(): DesiredCondition {
  return makeCondition(T.Accepted, 'True', R.Accepted, 'GatewayClass is accepted by this controller');
}

export function gatewayClassInvalidParameters(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.InvalidParameters, message);
}

export function gatewayClassSupportedVersion(message: string): DesiredCondition {
  return makeCondition(T.SupportedVersion, 'True', R.SupportedVersion, message);
}

export function gatewayClassUnsupportedVersion(message: string): DesiredCondition {
  return makeCondition(T.SupportedVersion, 'False', R.UnsupportedVersion, message);
}
