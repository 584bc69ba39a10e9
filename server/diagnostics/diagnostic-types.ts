import type { IrRouteKind } from '@/lib/ir/route';

/**
 * Diagnostics (issue 3 item 6): findings about routes that status alone does not show. Data,
 * not exceptions; every list is sorted, so the same cluster state yields the same findings.
 */

export type DiagnosticType = 'ShadowedRule' | 'HostnameCollision';

/** A route another finding points at. */
export interface RelatedRoute {
  kind: IrRouteKind;
  namespace: string;
  name: string;
  /** For ShadowedRule: the rule that takes the requests first. */
  ruleIndex?: number;
}

/**
 * One finding on one route.
 * - `ShadowedRule` without `matchIndex`: the whole rule can never serve a request.
 * - `ShadowedRule` with `matchIndex`: that match never wins, but other matches of the rule do.
 * - `HostnameCollision`: `hostnames` are also served by routes of other namespaces on `listeners`.
 *
 * `message` names routes of the finding's own namespace by name and routes of other namespaces
 * only by namespace, so it is safe wherever the route itself may be read (status, the console).
 * `related` carries full names; the /api handler drops names the caller may not `get`.
 */
export interface Finding {
  type: DiagnosticType;
  ruleIndex?: number;
  matchIndex?: number;
  /** The rule's `name`, when it has one. */
  ruleName?: string;
  /** IR listener names (`<gateway ns>/<gateway>/<listener>`) where the finding holds, sorted. */
  listeners: string[];
  /** The hostnames concerned, sorted. */
  hostnames: string[];
  message: string;
  related: RelatedRoute[];
}

export interface RouteKey {
  kind: IrRouteKind;
  namespace: string;
  name: string;
}

/** Findings of one route. */
export interface RouteDiagnostics extends RouteKey {
  findings: Finding[];
}
