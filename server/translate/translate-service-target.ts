import type { IrBackendProtocol, IrServiceTarget } from '@/lib/ir/backend';
import type { K8sObject } from '@/lib/k8s/object';
import type { ResolvedBackend, RouteKind } from '@/server/graph/graph-types';
import { translateEndpoints, type ServicePortSpec } from '@/server/translate/translate-endpoints';

/** What target translation reads from the graph. */
export interface ServiceLookup {
  services: ReadonlyMap<string, K8sObject>;
  endpointSlicesByService: ReadonlyMap<string, readonly K8sObject[]>;
}

/**
 * How the proxy speaks to a backend port (SEMANTICS §6.5). The graph has already refused
 * appProtocols a route kind cannot speak (UnsupportedProtocol); without one, a GRPCRoute means
 * h2c and an HTTPRoute means HTTP/1.1 (which passes WebSocket upgrades through).
 */
const PROTOCOL_BY_APP_PROTOCOL: Readonly<Record<string, IrBackendProtocol>> = {
  http: 'http',
  'kubernetes.io/h2c': 'h2c',
  h2c: 'h2c',
  grpc: 'h2c',
  'kubernetes.io/ws': 'websocket',
};

/**
 * A resolved Service backend as the proxy's upstream target: the Service port with its ready
 * endpoints (none is valid: the proxy answers 503 for this share). Returns undefined when the
 * backend did not resolve to a Service port the graph vouched for.
 */
export function translateServiceTarget(backend: ResolvedBackend, routeKind: RouteKind, lookup: ServiceLookup): IrServiceTarget | undefined {
  if (backend.problem || backend.serviceKey === undefined || backend.port === undefined) return undefined;
  const service = lookup.services.get(backend.serviceKey);
  const servicePort = ((service?.spec as { ports?: ServicePortSpec[] } | undefined)?.ports ?? []).find((p) => p.port === backend.port);
  if (!servicePort) return undefined;
  const protocol = backend.appProtocol === undefined ? (routeKind === 'GRPCRoute' ? 'h2c' : 'http') : PROTOCOL_BY_APP_PROTOCOL[backend.appProtocol];
  if (protocol === undefined) return undefined;
  return {
    service: { namespace: backend.namespace, name: backend.name, port: backend.port },
    protocol,
    endpoints: translateEndpoints(servicePort, lookup.endpointSlicesByService.get(backend.serviceKey) ?? []),
  };
}
