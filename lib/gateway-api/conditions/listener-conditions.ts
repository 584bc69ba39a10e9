import { ConditionReason as R, ConditionType as T } from '@/lib/gateway-api/conditions/condition-vocabulary';
import { makeCondition, type DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';

/** Listener conditions (SEMANTICS §2.3, §2.5, §2.9). */

export type ListenerConflictReason = 'HostnameConflict' | 'ProtocolConflict';
export type ListenerNotAcceptedReason = 'UnsupportedProtocol' | 'UnsupportedValue' | 'PortUnavailable' | 'Invalid' | ListenerConflictReason;
export type ListenerRefsReason = 'InvalidCertificateRef' | 'RefNotPermitted' | 'InvalidRouteKinds';

export function listenerAccepted(): DesiredCondition {
  return makeCondition(T.Accepted, 'True', R.Accepted, 'Listener is accepted');
}

export function listenerNotAccepted(reason: ListenerNotAcceptedReason, message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R[reason], message);
}

export function listenerConflicted(reason: ListenerConflictReason, message: string): DesiredCondition {
  return makeCondition(T.Conflicted, 'True', R[reason], message);
}

export function listenerNoConflicts(): DesiredCondition {
  return makeCondition(T.Conflicted, 'False', R.NoConflicts, 'No conflicts');
}

export function listenerResolvedRefs(): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'True', R.ResolvedRefs, 'All references are resolved');
}

export function listenerRefsNotResolved(reason: ListenerRefsReason, message: string): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'False', R[reason], message);
}

export function listenerProgrammed(): DesiredCondition {
  return makeCondition(T.Programmed, 'True', R.Programmed, 'Listener is applied by the proxy');
}

export function listenerProgrammingPending(message: string): DesiredCondition {
  return makeCondition(T.Programmed, 'Unknown', R.Pending, message);
}

export function listenerNotProgrammed(message: string): DesiredCondition {
  return makeCondition(T.Programmed, 'False', R.Invalid, message);
}

/** An HTTPS listener without a `tls` block (SEMANTICS §12 #7). */
export function listenerInvalidTLSConfig(message: string): DesiredCondition {
  return makeCondition(T.Programmed, 'False', R.InvalidTLSConfig, message);
}

/** Advisory, present only while true: HTTPS listeners on one port whose hostnames overlap (SEMANTICS §2.5). */
export function listenerOverlappingTLSConfig(message: string): DesiredCondition {
  return makeCondition(T.OverlappingTLSConfig, 'True', R.OverlappingHostnames, message);
}
