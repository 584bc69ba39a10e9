import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import {
  gatewayAccepted,
  gatewayListenersNotResolved,
  gatewayListenersNotValid,
  gatewayNotProgrammed,
  gatewayProgrammed,
  gatewayProgrammingPending,
  gatewayResolvedRefs,
} from '@/lib/gateway-api/conditions/gateway-conditions';
import {
  listenerNoConflicts,
  listenerNotProgrammed,
  listenerProgrammed,
  listenerProgrammingPending,
} from '@/lib/gateway-api/conditions/listener-conditions';
import type { GatewayNode, ListenerNode } from '@/server/graph/graph-types';
import { observeConditions } from '@/server/status/observe';
import type { GatewayDesiredStatus, GatewayProgramming, ListenerDesiredStatus } from '@/server/status/status-types';

/**
 * Gateway and listener status (SEMANTICS §2.3, §2.8, §2.9). Programmed is honest: Unknown /
 * Pending until the proxy acknowledges this generation, then True or the failure it reported.
 * `attachedRoutes` comes from the route bindings (see computeAttachedRoutes).
 */
export function computeGatewayStatus(
  gateway: GatewayNode,
  programming: GatewayProgramming | undefined,
  attachedRoutes: ReadonlyMap<string, number>,
): GatewayDesiredStatus {
  const accepted = gatewayAcceptedCondition(gateway);
  const applied = programming !== undefined && programming.observedGeneration >= gateway.generation ? programming : undefined;
  const listeners = gateway.listeners.map((l) =>
    computeListenerStatus(l, accepted.status === 'True', gateway.addressProblem, applied, attachedRoutes.get(`${gateway.key}/${l.name}`) ?? 0, gateway.generation),
  );
  return {
    namespace: gateway.namespace,
    name: gateway.name,
    generation: gateway.generation,
    addresses: programming ? [...programming.addresses] : accepted.status === 'True' && !gateway.addressProblem ? undefined : [],
    conditions: observeConditions([accepted, gatewayProgrammedCondition(gateway, accepted, applied), gatewayResolvedRefsCondition(gateway)], gateway.generation),
    listeners,
  };
}

function gatewayAcceptedCondition(gateway: GatewayNode): DesiredCondition {
  if (gateway.specProblem) return gateway.specProblem;
  const invalid = gateway.listeners.filter((l) => l.accepted.status !== 'True');
  if (invalid.length === 0) return gatewayAccepted();
  const someUsable = invalid.length < gateway.listeners.length;
  const detail = invalid.map((l) => `${l.name} (${l.accepted.reason})`).join(', ');
  return gatewayListenersNotValid(someUsable, `Invalid listeners: ${detail}`);
}

function gatewayProgrammedCondition(gateway: GatewayNode, accepted: DesiredCondition, applied: GatewayProgramming | undefined): DesiredCondition {
  if (accepted.status !== 'True') return gatewayNotProgrammed('Invalid', 'Gateway is not accepted');
  if (gateway.addressProblem) return gateway.addressProblem;
  if (!applied) return gatewayProgrammingPending(`Waiting for the proxy to apply generation ${gateway.generation}`);
  if (applied.failure) return gatewayNotProgrammed(applied.failure.reason, applied.failure.message);
  return gatewayProgrammed();
}

function gatewayResolvedRefsCondition(gateway: GatewayNode): DesiredCondition {
  if (gateway.refsProblem) return gateway.refsProblem;
  const unresolved = gateway.listeners.filter((l) => l.resolvedRefs.status !== 'True');
  if (unresolved.length === 0) return gatewayResolvedRefs();
  return gatewayListenersNotResolved(`Listeners with unresolved references: ${unresolved.map((l) => `${l.name} (${l.resolvedRefs.reason})`).join(', ')}`);
}

function computeListenerStatus(
  listener: ListenerNode,
  gatewayAccepted: boolean,
  addressProblem: DesiredCondition | undefined,
  applied: GatewayProgramming | undefined,
  attachedRoutes: number,
  generation: number,
): ListenerDesiredStatus {
  let programmed: DesiredCondition;
  const failure = applied?.failure?.message ?? applied?.listenerFailures?.[listener.name];
  if (listener.notProgrammable) programmed = listener.notProgrammable;
  else if (!gatewayAccepted) programmed = listenerNotProgrammed('Gateway is not accepted');
  else if (addressProblem) programmed = listenerNotProgrammed(addressProblem.message);
  else if (!applied) programmed = listenerProgrammingPending(`Waiting for the proxy to apply generation ${generation}`);
  else if (failure !== undefined) programmed = listenerNotProgrammed(failure);
  else programmed = listenerProgrammed();
  return {
    name: listener.name,
    supportedKinds: listener.supportedKinds.map((k) => ({ group: k.group, kind: k.kind })),
    attachedRoutes,
    conditions: observeConditions([listener.accepted, programmed, listener.resolvedRefs, listener.conflicted ?? listenerNoConflicts(), listener.overlappingTLS], generation),
  };
}
