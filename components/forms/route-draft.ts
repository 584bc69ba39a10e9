import type { K8sObject } from '@/lib/k8s/object';
import { REFS } from '@/lib/api/resource-refs';
import type { ResourceRef } from '@/lib/api/k8s-paths';
import type { RouteKind } from '@/components/apps/route-types';

/** URL segment of each route kind in the applications area: /apps/routes/<segment>/<ns>/<name>. */
export const ROUTE_KIND_SEGMENTS: Record<RouteKind, string> = { HTTPRoute: 'httproutes', GRPCRoute: 'grpcroutes' };

export function routeKindFromSegment(segment: string): RouteKind | undefined {
  return segment === 'httproutes' ? 'HTTPRoute' : segment === 'grpcroutes' ? 'GRPCRoute' : undefined;
}

export function routeRef(kind: RouteKind): ResourceRef {
  return kind === 'HTTPRoute' ? REFS.httpRoutes : REFS.grpcRoutes;
}

export function routeHref(kind: RouteKind, namespace: string, name: string): string {
  return `/apps/routes/${ROUTE_KIND_SEGMENTS[kind]}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/** A new route as the form starts it: one rule sending / to nothing yet. */
export function newRouteDraft(kind: RouteKind, namespace: string): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind,
    metadata: { name: '', namespace },
    spec:
      kind === 'HTTPRoute'
        ? { parentRefs: [], hostnames: [], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [] }] }
        : { parentRefs: [], hostnames: [], rules: [{ matches: [], backendRefs: [] }] },
  };
}

/**
 * What the editor edits: the object without status and server-managed metadata, but with the
 * resourceVersion, so an update is conditional and a concurrent change answers 409.
 */
export function toEditable(obj: K8sObject): K8sObject {
  const { name, namespace, labels, annotations, resourceVersion } = obj.metadata;
  const metadata: K8sObject['metadata'] = { name, namespace };
  if (labels && Object.keys(labels).length) metadata.labels = labels;
  if (annotations && Object.keys(annotations).length) metadata.annotations = annotations;
  if (resourceVersion) metadata.resourceVersion = resourceVersion;
  return { apiVersion: obj.apiVersion, kind: obj.kind, metadata, spec: obj.spec };
}
