import type { ObservedCondition } from '@/lib/gateway-api/conditions/desired-condition';
import type { GatewayNotProgrammedReason } from '@/lib/gateway-api/conditions/gateway-conditions';
import type { RouteGroupKind } from '@/lib/gateway-api/shared/listener';
import type { ParentReference } from '@/lib/gateway-api/shared/refs';
import type { RouteKind } from '@/server/graph/graph-types';

/**
 * Desired status per object, as the status stage computes it: conditions carry
 * `observedGeneration` but no `lastTransitionTime` (mergeConditions adds it against what is
 * stored). Every list is sorted.
 */
export interface DesiredStatuses {
  gatewayClasses: GatewayClassDesiredStatus[];
  gateways: GatewayDesiredStatus[];
  /** Routes with at least one parentRef to one of our Gateways; HTTPRoutes, then GRPCRoutes. */
  routes: RouteDesiredStatus[];
}

export interface GatewayClassDesiredStatus {
  name: string;
  generation: number;
  conditions: ObservedCondition[];
  /** Present on accepted classes only, sorted by name. */
  supportedFeatures?: { name: string }[];
}

export interface GatewayAddress {
  type: string;
  value: string;
}

export interface GatewayDesiredStatus {
  namespace: string;
  name: string;
  generation: number;
  /**
   * What the proxy reports as really bound. Undefined while the proxy has not yet applied this
   * generation: status keeps the addresses it has (they are still served, and address
   * assignment reads them to keep each Gateway where it is). Empty when nothing is bound.
   */
  addresses: GatewayAddress[] | undefined;
  conditions: ObservedCondition[];
  listeners: ListenerDesiredStatus[];
}

export interface ListenerDesiredStatus {
  name: string;
  supportedKinds: RouteGroupKind[];
  attachedRoutes: number;
  conditions: ObservedCondition[];
}

export interface RouteDesiredStatus {
  kind: RouteKind;
  namespace: string;
  name: string;
  generation: number;
  /** Our entries only; other controllers' entries are kept by mergeRouteParents. */
  parents: RouteParentDesiredStatus[];
}

export interface RouteParentDesiredStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions: ObservedCondition[];
}

/**
 * What the proxy reports after applying a snapshot, per Gateway (`namespace/name`). Absent, or
 * older than the Gateway's generation, means "not applied yet": Programmed stays Unknown/Pending.
 */
export interface GatewayProgramming {
  /** The Gateway generation the applied snapshot was built from. */
  observedGeneration: number;
  addresses: GatewayAddress[];
  /** The whole Gateway could not be programmed (an address taken, no resources...). */
  failure?: { reason: GatewayNotProgrammedReason; message: string };
  /** Listeners the proxy could not program (a port it could not bind), by name. */
  listenerFailures?: Readonly<Record<string, string>>;
}

export interface StatusInputs {
  /** Feature names to publish in GatewayClass `status.supportedFeatures` (sorted on output). */
  supportedFeatures: readonly string[];
  /** The `gateway.networking.k8s.io/bundle-version` annotations found on the installed CRDs. */
  bundleVersions: readonly string[];
  programming: ReadonlyMap<string, GatewayProgramming>;
}
