import { DiagnosticConditionReason as R, DiagnosticConditionType as T } from '@/lib/gateway-api/conditions/condition-vocabulary';
import { makeCondition, type DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';

/**
 * Portico's diagnostic conditions on a route's parent entry (issue 3 item 6). They never change
 * whether the route is accepted; they explain traffic a user might not expect. Present only while
 * the finding holds: when it goes away the condition is removed (mergeConditions drops owned
 * types that are no longer desired).
 */

/** Some rules or matches can never serve a request; `message` names them and what shadows them. */
export function routeRulesShadowed(message: string): DesiredCondition {
  return makeCondition(T.RulesShadowed, 'True', R.ShadowedByHigherPrecedence, message);
}

/** A hostname this route serves is also served by routes of other namespaces on the same listener. */
export function routeHostnameConflict(message: string): DesiredCondition {
  return makeCondition(T.HostnameConflict, 'True', R.SharedHostname, message);
}
