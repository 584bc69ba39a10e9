import type { K8sObject } from '@/lib/k8s/object';
import type { LabelSelector } from '@/lib/gateway-api/shared/label-selector';

/**
 * The loose shapes the applications area reads from the API. Objects come from the server as
 * JSON and may be half-written while a form is being edited, so every field is optional here;
 * the zod schemas (lib/gateway-api) remain the one definition of what is valid.
 */

export type RouteKind = 'HTTPRoute' | 'GRPCRoute';

export interface ParentRefLike {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  sectionName?: string;
  port?: number;
}

export interface ConditionLike {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface RouteParentStatusLike {
  parentRef: ParentRefLike;
  controllerName?: string;
  conditions?: ConditionLike[];
}

export interface RouteObject extends K8sObject {
  spec?: {
    parentRefs?: ParentRefLike[];
    hostnames?: string[];
    rules?: Record<string, unknown>[];
  };
  status?: { parents?: RouteParentStatusLike[] };
}

export interface ListenerLike {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  allowedRoutes?: {
    namespaces?: { from?: 'All' | 'Same' | 'Selector'; selector?: LabelSelector };
    kinds?: { group?: string; kind: string }[];
  };
}

export interface GatewayObject extends K8sObject {
  spec?: { gatewayClassName?: string; listeners?: ListenerLike[] };
  status?: { addresses?: { type?: string; value: string }[]; conditions?: ConditionLike[] };
}

export interface NamespaceObject extends K8sObject {
  metadata: K8sObject['metadata'];
}
