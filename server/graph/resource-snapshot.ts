import type { K8sObject } from '@/lib/k8s/object';

/** The controller name Portico claims in `GatewayClass.spec.controllerName` (DESIGN.md, Contracts). */
export const PORTICO_CONTROLLER_NAME = 'portico.dev/gateway-controller';

/**
 * Everything the pure pipeline reads, as stored objects (plain arrays, any order): the input of
 * `buildGraph`. The controller fills it from its informers; golden tests fill it from YAML.
 */
export interface ResourceSnapshot {
  controllerName: string;
  gatewayClasses: readonly K8sObject[];
  gateways: readonly K8sObject[];
  httpRoutes: readonly K8sObject[];
  grpcRoutes: readonly K8sObject[];
  referenceGrants: readonly K8sObject[];
  secrets: readonly K8sObject[];
  services: readonly K8sObject[];
  endpointSlices: readonly K8sObject[];
  namespaces: readonly K8sObject[];
}

const FIELD_BY_KIND: Record<string, keyof Omit<ResourceSnapshot, 'controllerName'>> = {
  GatewayClass: 'gatewayClasses',
  Gateway: 'gateways',
  HTTPRoute: 'httpRoutes',
  GRPCRoute: 'grpcRoutes',
  ReferenceGrant: 'referenceGrants',
  Secret: 'secrets',
  Service: 'services',
  EndpointSlice: 'endpointSlices',
  Namespace: 'namespaces',
};

/** Sorts a flat list of objects into a snapshot by kind; kinds the pipeline does not read are ignored. */
export function buildSnapshot(objects: readonly K8sObject[], controllerName: string = PORTICO_CONTROLLER_NAME): ResourceSnapshot {
  const lists: Record<string, K8sObject[]> = {};
  for (const field of Object.values(FIELD_BY_KIND)) lists[field] = [];
  for (const obj of objects) {
    const field = FIELD_BY_KIND[obj.kind];
    if (field) lists[field]!.push(obj);
  }
  return { controllerName, ...(lists as unknown as Omit<ResourceSnapshot, 'controllerName'>) };
}

/**
 * buildSnapshot from lists already sorted by kind (the informers' per-kind lists): no pass over
 * the objects, and each list is handed on as it is, so an unchanged kind keeps its array.
 * Equal to buildSnapshot of all lists concatenated when every object's kind is its list's.
 */
export function snapshotFromKinds(lists: ReadonlyMap<string, readonly K8sObject[]>, controllerName: string = PORTICO_CONTROLLER_NAME): ResourceSnapshot {
  const snapshot: Record<string, unknown> = { controllerName };
  for (const [kind, field] of Object.entries(FIELD_BY_KIND)) snapshot[field] = lists.get(kind) ?? NONE;
  return snapshot as unknown as ResourceSnapshot;
}

const NONE: readonly K8sObject[] = Object.freeze([]);
