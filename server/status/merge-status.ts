import type { Condition } from '@/lib/gateway-api/shared/conditions';
import type { RouteGroupKind } from '@/lib/gateway-api/shared/listener';
import type { ParentReference } from '@/lib/gateway-api/shared/refs';
import { mergeConditions } from '@/server/status/merge-conditions';
import type { GatewayAddress, GatewayClassDesiredStatus, GatewayDesiredStatus, RouteParentDesiredStatus } from '@/server/status/status-types';

/**
 * Desired status merged into what is stored, per kind: the object the status writer sends to
 * the `/status` subresource. Stored parts we do not own pass through unchanged.
 */

export interface StoredRouteParent {
  parentRef: ParentReference;
  controllerName: string;
  conditions: Condition[];
}

const sameParentRef = (a: ParentReference, b: ParentReference) =>
  a.group === b.group &&
  a.kind === b.kind &&
  a.name === b.name &&
  (a.namespace || undefined) === (b.namespace || undefined) &&
  (a.sectionName || undefined) === (b.sectionName || undefined) &&
  a.port === b.port;

/**
 * `status.parents`: other controllers' entries first, untouched and in their order; then ours
 * as desired (an entry whose parentRef went away is dropped). Pass `desired = []` for a route
 * that no longer has any parent of ours.
 */
export function mergeRouteParents(
  existing: readonly StoredRouteParent[] | undefined,
  desired: readonly RouteParentDesiredStatus[],
  controllerName: string,
  now: string,
): StoredRouteParent[] {
  const stored = existing ?? [];
  const others = stored.filter((p) => p.controllerName !== controllerName);
  const ours = desired.map((d) => {
    const previous = stored.find((p) => p.controllerName === controllerName && sameParentRef(p.parentRef, d.parentRef));
    return { parentRef: d.parentRef, controllerName, conditions: mergeConditions(previous?.conditions, d.conditions, now) };
  });
  return [...others, ...ours];
}

export interface StoredListenerStatus {
  name: string;
  supportedKinds?: RouteGroupKind[];
  attachedRoutes: number;
  conditions: Condition[];
}

export interface StoredGatewayStatus {
  addresses?: GatewayAddress[];
  conditions?: Condition[];
  listeners?: StoredListenerStatus[];
  [field: string]: unknown;
}

/** Gateway status: conditions and listener conditions merged, listeners as desired, addresses as desired or (undefined: pending) kept. */
export function mergeGatewayStatus(existing: StoredGatewayStatus | undefined, desired: GatewayDesiredStatus, now: string): StoredGatewayStatus {
  const { addresses: previousAddresses, listeners: previousListeners, conditions, ...rest } = existing ?? {};
  const addresses = desired.addresses ?? previousAddresses ?? [];
  const listeners = desired.listeners.map((l) => ({
    name: l.name,
    supportedKinds: l.supportedKinds,
    attachedRoutes: l.attachedRoutes,
    conditions: mergeConditions(previousListeners?.find((p) => p.name === l.name)?.conditions, l.conditions, now),
  }));
  return {
    ...rest,
    ...(addresses.length > 0 ? { addresses } : {}),
    conditions: mergeConditions(conditions, desired.conditions, now),
    listeners,
  };
}

export interface StoredGatewayClassStatus {
  conditions?: Condition[];
  supportedFeatures?: { name: string }[];
  [field: string]: unknown;
}

export function mergeGatewayClassStatus(existing: StoredGatewayClassStatus | undefined, desired: GatewayClassDesiredStatus, now: string): StoredGatewayClassStatus {
  const { conditions, supportedFeatures: _features, ...rest } = existing ?? {};
  return {
    ...rest,
    conditions: mergeConditions(conditions, desired.conditions, now),
    ...(desired.supportedFeatures ? { supportedFeatures: desired.supportedFeatures } : {}),
  };
}
