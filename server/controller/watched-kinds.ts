import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';

/**
 * The kinds the controller lists and watches, with the API version it asks for. Versions are the
 * ones every Gateway API v1.x installation serves (ReferenceGrant as v1beta1), so the same table
 * works against Portico's own API and a real cluster.
 */
export interface WatchedKind {
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** Where the kind's objects go in the pipeline's input. */
  snapshotField: keyof Omit<ResourceSnapshot, 'controllerName'>;
  /** Whether the controller writes this kind's `/status` subresource. */
  writesStatus: boolean;
}

const GATEWAY = 'gateway.networking.k8s.io';

export const WATCHED_KINDS: readonly WatchedKind[] = [
  { kind: 'GatewayClass', group: GATEWAY, version: 'v1', plural: 'gatewayclasses', namespaced: false, snapshotField: 'gatewayClasses', writesStatus: true },
  { kind: 'Gateway', group: GATEWAY, version: 'v1', plural: 'gateways', namespaced: true, snapshotField: 'gateways', writesStatus: true },
  { kind: 'HTTPRoute', group: GATEWAY, version: 'v1', plural: 'httproutes', namespaced: true, snapshotField: 'httpRoutes', writesStatus: true },
  { kind: 'GRPCRoute', group: GATEWAY, version: 'v1', plural: 'grpcroutes', namespaced: true, snapshotField: 'grpcRoutes', writesStatus: true },
  { kind: 'ReferenceGrant', group: GATEWAY, version: 'v1beta1', plural: 'referencegrants', namespaced: true, snapshotField: 'referenceGrants', writesStatus: false },
  { kind: 'Secret', group: '', version: 'v1', plural: 'secrets', namespaced: true, snapshotField: 'secrets', writesStatus: false },
  { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true, snapshotField: 'services', writesStatus: false },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true, snapshotField: 'endpointSlices', writesStatus: false },
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false, snapshotField: 'namespaces', writesStatus: false },
];

export function watchedKind(kind: string): WatchedKind {
  const found = WATCHED_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`watchedKind: ${kind} is not a kind the controller watches`);
  return found;
}

export function apiVersionOf(kind: WatchedKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

/** The collection across all namespaces, e.g. `/apis/gateway.networking.k8s.io/v1/httproutes`. */
export function collectionPath(kind: WatchedKind): string {
  return `${kind.group ? `/apis/${kind.group}` : '/api'}/${kind.version}/${kind.plural}`;
}

/** One object's path, e.g. `/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes/web`. */
export function objectPath(kind: WatchedKind, namespace: string | undefined, name: string): string {
  const base = kind.group ? `/apis/${kind.group}` : '/api';
  const scope = kind.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? '')}` : '';
  return `${base}/${kind.version}${scope}/${kind.plural}/${encodeURIComponent(name)}`;
}
