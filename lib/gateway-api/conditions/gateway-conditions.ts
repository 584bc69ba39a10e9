import { ConditionReason as R, ConditionType as T } from '@/lib/gateway-api/conditions/condition-vocabulary';
import { makeCondition, type DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';

/** Gateway conditions (SEMANTICS §2.7, §2.8). */

export function gatewayAccepted(): DesiredCondition {
  return makeCondition(T.Accepted, 'True', R.Accepted, 'Gateway is accepted');
}

/** Some listeners are invalid: True while at least one listener is usable, False when none is. */
export function gatewayListenersNotValid(someListenerUsable: boolean, message: string): DesiredCondition {
  return makeCondition(T.Accepted, someListenerUsable ? 'True' : 'False', R.ListenersNotValid, message);
}

export function gatewayInvalidParameters(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.InvalidParameters, message);
}

export function gatewayUnsupportedAddress(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.UnsupportedAddress, message);
}

export function gatewayInvalid(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.Invalid, message);
}

export function gatewayProgrammed(): DesiredCondition {
  return makeCondition(T.Programmed, 'True', R.Programmed, 'Gateway configuration is applied by the proxy');
}

export function gatewayProgrammingPending(message: string): DesiredCondition {
  return makeCondition(T.Programmed, 'Unknown', R.Pending, message);
}

export type GatewayNotProgrammedReason = 'Invalid' | 'NoResources' | 'AddressNotAssigned' | 'AddressNotUsable';

export function gatewayNotProgrammed(reason: GatewayNotProgrammedReason, message: string): DesiredCondition {
  return makeCondition(T.Programmed, 'False', R[reason], message);
}

export function gatewayResolvedRefs(): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'True', R.ResolvedRefs, 'All references are resolved');
}

export function gatewayListenersNotResolved(message: string): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'False', R.ListenersNotResolved, message);
}

export function gatewayRefNotPermitted(message: string): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'False', R.RefNotPermitted, message);
}

export function gatewayInvalidClientCertificateRef(message: string): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'False', R.InvalidClientCertificateRef, message);
}
