import { durationMillis } from '@/lib/gateway-api/shared/primitives';
import type { HTTPRouteFilter } from '@/lib/gateway-api/http-route/route-filter';
import { irRouteId, irRuleId, type IrRoute, type IrRule, type IrRuleSource, type IrTimeouts } from '@/lib/ir/route';
import { checkGrpcMatch, type GrpcMatchInput } from '@/lib/routing/grpc-match';
import { checkHttpMatch, type HttpMatchInput } from '@/lib/routing/http-match';
import { toIrGrpcMatch, toIrHttpMatch } from '@/lib/routing/normalize-match';
import type { RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { translateBackend } from '@/server/translate/translate-backend';
import { translateFilters } from '@/server/translate/translate-filters';
import type { ServiceLookup } from '@/server/translate/translate-service-target';

/** A rule and its route entries (one per match), before they are placed in virtual hosts. */
export interface TranslatedRule {
  rule: IrRule;
  entries: IrRoute[];
}

/**
 * One accepted route rule: filters, timeouts and weighted backends as an IrRule, and one entry
 * per match pointing to it. Returns undefined for a rule the proxy cannot serve: a rule the
 * graph dropped (PartiallyInvalid), or a match lib/routing refuses to compile (a regular
 * expression outside its linear-time dialect): a snapshot with such a match would be rejected
 * whole by every proxy, so the rule is left out here instead.
 */
export function translateRule(route: RouteNode, node: RouteRuleNode, lookup: ServiceLookup): TranslatedRule | undefined {
  if (node.invalid) return undefined;
  const source: IrRuleSource = { kind: route.kind, namespace: route.namespace, name: route.name, ruleIndex: node.index };
  if (node.name !== undefined) source.ruleName = node.name;
  const id = irRuleId(source);
  const entries = translateEntries(node, source, id);
  if (!entries) return undefined;

  const spec = (node.http ?? node.grpc) as { filters?: HTTPRouteFilter[]; backendRefs?: { filters?: HTTPRouteFilter[] }[] } | undefined;
  const ctx = { routeKind: route.kind, lookup, mirrors: node.mirrors[Symbol.iterator]() };
  const filters = translateFilters(spec?.filters, ctx);
  const backendRefs = spec?.backendRefs ?? [];
  const backends = node.backends.map((b, i) => translateBackend(b, route.kind, translateFilters(backendRefs[i]?.filters, ctx), lookup));
  const rule: IrRule = { id, source, filters, backends };
  const timeouts = translateTimeouts(node);
  if (timeouts) rule.timeouts = timeouts;
  return { rule, entries };
}

function translateEntries(node: RouteRuleNode, source: IrRuleSource, ruleId: string): IrRoute[] | undefined {
  const entries: IrRoute[] = [];
  if (node.http) {
    // An explicit empty list means what an absent one does: PathPrefix `/` (SEMANTICS §4.1).
    const matches: HttpMatchInput[] = node.http.matches.length > 0 ? (node.http.matches as HttpMatchInput[]) : [{}];
    for (const [matchIndex, match] of matches.entries()) {
      if (checkHttpMatch(match).length > 0) return undefined;
      const entrySource = { ...source, matchIndex };
      entries.push({ kind: 'HTTPRoute', id: irRouteId(entrySource), rule: ruleId, source: entrySource, match: toIrHttpMatch(match) });
    }
  } else if (node.grpc) {
    // A GRPCRoute rule without matches matches every request.
    const matches: GrpcMatchInput[] = node.grpc.matches?.length ? (node.grpc.matches as GrpcMatchInput[]) : [{}];
    for (const [matchIndex, match] of matches.entries()) {
      if (checkGrpcMatch(match).length > 0) return undefined;
      const entrySource = { ...source, matchIndex };
      entries.push({ kind: 'GRPCRoute', id: irRouteId(entrySource), rule: ruleId, source: entrySource, match: toIrGrpcMatch(match) });
    }
  }
  return entries;
}

/** Gateway API durations (SEMANTICS §7.1) to milliseconds; `0s` stays 0 (disabled). GRPCRoute has no timeouts. */
function translateTimeouts(node: RouteRuleNode): IrTimeouts | undefined {
  const t = node.http?.timeouts;
  if (!t) return undefined;
  const out: IrTimeouts = {};
  if (t.request !== undefined) out.requestMs = durationMillis(t.request);
  if (t.backendRequest !== undefined) out.backendRequestMs = durationMillis(t.backendRequest);
  return out.requestMs === undefined && out.backendRequestMs === undefined ? undefined : out;
}
