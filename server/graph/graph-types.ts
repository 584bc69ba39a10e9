import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import type { RouteRefsReason } from '@/lib/gateway-api/conditions/route-conditions';
import type { GRPCRouteRule } from '@/lib/gateway-api/grpc-route';
import type { HTTPRouteRule } from '@/lib/gateway-api/http-route/http-route';
import type { LabelSelector } from '@/lib/gateway-api/shared/label-selector';
import type { RouteGroupKind } from '@/lib/gateway-api/shared/listener';
import type { ParentReference } from '@/lib/gateway-api/shared/refs';
import type { K8sObject } from '@/lib/k8s/object';
import type { ReferenceGrantIndex } from '@/server/graph/reference-grant-index';

/**
 * The graph: every object the controller reconciles, with references resolved and verdicts
 * decided (as conditions from the named builders). Lists are sorted by their keys.
 */
export interface Graph {
  controllerName: string;
  /** Every GatewayClass naming our controller, by name. */
  classes: GatewayClassNode[];
  /** Gateways whose class is ours and accepted, by namespace/name. */
  gateways: GatewayNode[];
  /** HTTPRoutes then GRPCRoutes, each by namespace/name; only routes with a parentRef to one of `gateways`. */
  routes: RouteNode[];
  grants: ReferenceGrantIndex;
  /** Services by `namespace/name`, and their EndpointSlices (label `kubernetes.io/service-name`). */
  services: ReadonlyMap<string, K8sObject>;
  endpointSlicesByService: ReadonlyMap<string, readonly K8sObject[]>;
}

/** The one method the binding steps use of a map: lets the graph cache record what they read. */
export interface Lookup<V> {
  get(key: string): V | undefined;
}

export interface ObjectIdentity {
  namespace: string;
  name: string;
  generation: number;
  source: K8sObject;
}

export interface GatewayClassNode {
  name: string;
  generation: number;
  source: K8sObject;
  /** The Accepted verdict; `accepted` mirrors its status. */
  acceptedCondition: DesiredCondition;
  accepted: boolean;
}

export interface GatewayNode extends ObjectIdentity {
  key: string;
  className: string;
  listeners: ListenerNode[];
  /** Gateway-level Accepted before the listener summary (parameters, addresses, spec validity). */
  specProblem?: DesiredCondition;
  /** Gateway-level ResolvedRefs problem outside listeners (tls.backend.clientCertificateRef). */
  refsProblem?: DesiredCondition;
  /** The requested `spec.addresses` (validated types only). */
  addresses: { type: string; value?: string }[];
  /** Where the proxy serves this Gateway's listeners (assignGatewayAddresses); empty when it cannot. */
  bindAddresses: string[];
  /** Why no address could be assigned (Programmed=False AddressNotUsable / AddressNotAssigned). */
  addressProblem?: DesiredCondition;
  clientCertificate?: CertificateSource;
}

export interface CertificateSource {
  namespace: string;
  name: string;
  secret: K8sObject;
}

export interface AllowedRoutesNode {
  from: 'All' | 'Same' | 'Selector';
  selector?: LabelSelector;
}

export interface ListenerNode {
  gatewayKey: string;
  name: string;
  port: number;
  protocol: string;
  hostname?: string;
  allowedRoutes: AllowedRoutesNode;
  /** Kinds routes may have on this listener, sorted by group/kind. */
  supportedKinds: RouteGroupKind[];
  accepted: DesiredCondition;
  resolvedRefs: DesiredCondition;
  /** Present only when the listener is conflicted. */
  conflicted?: DesiredCondition;
  /** Present only while this HTTPS listener's hostname overlaps another on its port. */
  overlappingTLS?: DesiredCondition;
  /** Why the listener can never be programmed (conflict, bad protocol, no usable certificate). */
  notProgrammable?: DesiredCondition;
  /** Usable certificates of an HTTPS listener, in certificateRefs order. */
  certificates: CertificateSource[];
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute';

export interface RouteNode extends ObjectIdentity {
  kind: RouteKind;
  key: string;
  hostnames: string[];
  rules: RouteRuleNode[];
  /** Bindings for parentRefs that name one of our Gateways, in parentRefs order. */
  parents: ParentBinding[];
  resolvedRefs: DesiredCondition;
}

export interface RouteRuleNode {
  index: number;
  name?: string;
  /** The parsed rule; absent when the rule failed validation. */
  http?: HTTPRouteRule;
  grpc?: GRPCRouteRule;
  invalid?: { reason: 'UnsupportedValue' | 'IncompatibleFilters'; message: string };
  backends: ResolvedBackend[];
  /** RequestMirror targets, rule-level then backend-level, in order. */
  mirrors: ResolvedBackend[];
}

export interface ResolvedBackend {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port?: number;
  weight: number;
  /** `namespace/name` of the Service when the reference resolved. */
  serviceKey?: string;
  appProtocol?: string;
  problem?: { reason: RouteRefsReason; message: string };
}

export interface AttachedListener {
  listenerName: string;
  /** The intersected hostnames (`['*']` = any host). */
  hostnames: string[];
}

export interface ParentBinding {
  /** The spec parentRef with API defaults applied, echoed into status. */
  parentRef: ParentReference;
  gatewayKey: string;
  accepted: DesiredCondition;
  partiallyInvalid?: DesiredCondition;
  /** Listeners the route is attached to under this parentRef (empty unless accepted). */
  listeners: AttachedListener[];
}
