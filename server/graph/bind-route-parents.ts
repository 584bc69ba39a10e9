import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import {
  routeAccepted,
  routeIncompatibleFilters,
  routeNoMatchingListenerHostname,
  routeNoMatchingParent,
  routeNotAllowedByListeners,
  routePartiallyInvalid,
  routeUnsupportedValue,
} from '@/lib/gateway-api/conditions/route-conditions';
import { GATEWAY_GROUP, type ParentReference } from '@/lib/gateway-api/shared/refs';
import { intersectHostnames } from '@/lib/routing/hostnames';
import type { AttachedListener, GatewayNode, ListenerNode, Lookup, ParentBinding, RouteKind, RouteRuleNode } from '@/server/graph/graph-types';
import { matchLabelSelector } from '@/server/graph/label-selector-match';

export interface RouteForBinding {
  kind: RouteKind;
  namespace: string;
  hostnames: readonly string[];
  rules: readonly RouteRuleNode[];
  parentRefs: readonly { index: number; ref: ParentReference }[];
  specProblem?: string;
}

export interface ParentContext {
  gateways: Lookup<GatewayNode>;
  namespaceLabels: Lookup<Readonly<Record<string, string>>>;
}

/**
 * Binds each parentRef that names one of our Gateways (SEMANTICS §3.2): relevant listeners by
 * sectionName and port, then allowedRoutes (kind and namespace), then hostname intersection,
 * then rule validity. The reason reported is the earliest failing step. ParentRefs to other
 * kinds, or to Gateways that are not ours, get no binding (and so no status entry).
 */
export function bindRouteParents(route: RouteForBinding, ctx: ParentContext): ParentBinding[] {
  const bindings: ParentBinding[] = [];
  for (const { index, ref } of route.parentRefs) {
    if (ref.group !== GATEWAY_GROUP || ref.kind !== 'Gateway') continue;
    const gatewayKey = `${ref.namespace ?? route.namespace}/${ref.name}`;
    const gateway = ctx.gateways.get(gatewayKey);
    if (!gateway) continue;
    const { accepted, listeners, partiallyInvalid } = bindParent(route, ref, index, gateway, ctx);
    bindings.push({ parentRef: ref, gatewayKey, accepted, listeners, ...(partiallyInvalid ? { partiallyInvalid } : {}) });
  }
  return bindings;
}

interface ParentVerdict {
  accepted: DesiredCondition;
  listeners: AttachedListener[];
  partiallyInvalid?: DesiredCondition;
}

function bindParent(route: RouteForBinding, ref: ParentReference, index: number, gateway: GatewayNode, ctx: ParentContext): ParentVerdict {
  if (route.specProblem) return refuse(routeUnsupportedValue(route.specProblem));

  const relevant = gateway.listeners.filter((l) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port));
  if (relevant.length === 0) return refuse(routeNoMatchingParent(`spec.parentRefs[${index}]: ${describeSelection(ref)} selects no listener of Gateway ${gateway.key}`));

  const allowed = relevant.filter((l) => admitsKind(l, route.kind) && admitsNamespace(l, gateway.namespace, route.namespace, ctx));
  if (allowed.length === 0) {
    return refuse(routeNotAllowedByListeners(`spec.parentRefs[${index}]: no listener of Gateway ${gateway.key} admits ${route.kind}s from namespace ${route.namespace}`));
  }

  const listeners = allowed.flatMap((l) => {
    const hostnames = intersectHostnames(l.hostname, route.hostnames);
    return hostnames === null ? [] : [{ listenerName: l.name, hostnames }];
  });
  if (listeners.length === 0) {
    return refuse(routeNoMatchingListenerHostname(`spec.parentRefs[${index}]: no listener hostname of Gateway ${gateway.key} intersects the route's hostnames`));
  }

  const invalid = route.rules.filter((r) => r.invalid);
  const first = invalid[0]?.invalid;
  if (first && invalid.length === route.rules.length) {
    const message = invalid.map((r) => r.invalid!.message).join('; ');
    return refuse(first.reason === 'IncompatibleFilters' ? routeIncompatibleFilters(message) : routeUnsupportedValue(message));
  }
  const partiallyInvalid = first
    ? routePartiallyInvalid(first.reason, `Dropped Rule(s) ${invalid.map((r) => r.index).join(', ')}: ${invalid.map((r) => r.invalid!.message).join('; ')}`)
    : undefined;
  return { accepted: routeAccepted(), listeners, ...(partiallyInvalid ? { partiallyInvalid } : {}) };
}

/** A module-level function, not a closure made per parentRef of every route. */
function refuse(accepted: DesiredCondition): ParentVerdict {
  return { accepted, listeners: [] };
}

function describeSelection(ref: ParentReference): string {
  const parts = [];
  if (ref.sectionName !== undefined) parts.push(`sectionName ${JSON.stringify(ref.sectionName)}`);
  if (ref.port !== undefined) parts.push(`port ${ref.port}`);
  return parts.join(' and ');
}

function admitsKind(listener: ListenerNode, kind: RouteKind): boolean {
  return listener.supportedKinds.some((k) => k.group === GATEWAY_GROUP && k.kind === kind);
}

/** `Selector` reads the route's Namespace labels; `kubernetes.io/metadata.name` is always implied. */
function admitsNamespace(listener: ListenerNode, gatewayNamespace: string, routeNamespace: string, ctx: ParentContext): boolean {
  const { from, selector } = listener.allowedRoutes;
  if (from === 'All') return true;
  if (from === 'Same') return routeNamespace === gatewayNamespace;
  // A Selector without a selector admits nothing (a nil selector selects nothing in Kubernetes).
  if (!selector) return false;
  const labels = { ...(ctx.namespaceLabels.get(routeNamespace) ?? {}), 'kubernetes.io/metadata.name': routeNamespace };
  return matchLabelSelector(selector, labels) === 'match';
}
