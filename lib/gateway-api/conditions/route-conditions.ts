import { ConditionReason as R, ConditionType as T } from '@/lib/gateway-api/conditions/condition-vocabulary';
import { makeCondition, type DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';

/** Route conditions per parent (SEMANTICS §3.5, §3.6, §6.3). */

export function routeAccepted(): DesiredCondition {
  return makeCondition(T.Accepted, 'True', R.Accepted, 'Route is accepted');
}

export function routeNotAllowedByListeners(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.NotAllowedByListeners, message);
}

export function routeNoMatchingListenerHostname(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.NoMatchingListenerHostname, message);
}

export function routeNoMatchingParent(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.NoMatchingParent, message);
}

export function routeUnsupportedValue(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.UnsupportedValue, message);
}

export function routeIncompatibleFilters(message: string): DesiredCondition {
  return makeCondition(T.Accepted, 'False', R.IncompatibleFilters, message);
}

/** Present only while some rules were dropped and others kept; message starts `Dropped Rule`. */
export function routePartiallyInvalid(reason: 'UnsupportedValue' | 'IncompatibleFilters', message: string): DesiredCondition {
  return makeCondition(T.PartiallyInvalid, 'True', R[reason], message);
}

export function routeResolvedRefs(): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'True', R.ResolvedRefs, 'All references are resolved');
}

export type RouteRefsReason = 'RefNotPermitted' | 'InvalidKind' | 'BackendNotFound' | 'UnsupportedProtocol';

export function routeRefsNotResolved(reason: RouteRefsReason, message: string): DesiredCondition {
  return makeCondition(T.ResolvedRefs, 'False', R[reason], message);
}

export function routeRefNotPermitted(message: string): DesiredCondition {
  return routeRefsNotResolved('RefNotPermitted', message);
}

export function routeBackendNotFound(message: string): DesiredCondition {
  return routeRefsNotResolved('BackendNotFound', message);
}

export function routeInvalidKind(message: string): DesiredCondition {
  return routeRefsNotResolved('InvalidKind', message);
}
