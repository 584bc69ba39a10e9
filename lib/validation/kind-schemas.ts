import { z } from 'zod';
import { resourceId, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import type { StatusCause } from '@/lib/k8s/status-error';
import { backendTLSPolicySpecSchema, backendTLSPolicyStatusSchema } from '@/lib/gateway-api/backend-tls-policy';
import { gatewaySpecSchema, gatewayStatusSchema } from '@/lib/gateway-api/gateway';
import { gatewayClassSpecSchema, gatewayClassStatusSchema } from '@/lib/gateway-api/gateway-class';
import { grpcRouteSpecSchema, grpcRouteStatusSchema } from '@/lib/gateway-api/grpc-route';
import { httpRouteSpecSchema, httpRouteStatusSchema } from '@/lib/gateway-api/http-route/http-route';
import { l4RouteStatusSchema, tcpRouteSpecSchema, tlsRouteSpecSchema, udpRouteSpecSchema } from '@/lib/gateway-api/l4-routes';
import { listenerSetSpecSchema, listenerSetStatusSchema } from '@/lib/gateway-api/listener-set';
import { referenceGrantSpecSchema } from '@/lib/gateway-api/reference-grant';
import { accessRequestSpecSchema, accessRequestStatusSchema } from '@/lib/k8s/schemas/access-request';
import { endpointSliceBodySchema } from '@/lib/k8s/schemas/endpoint-slice';
import { leaseSpecSchema } from '@/lib/k8s/schemas/lease';
import { namespaceSpecSchema, namespaceStatusSchema } from '@/lib/k8s/schemas/namespace';
import { dns1035Label, dns1123Label, dns1123Subdomain, pathSegmentName } from '@/lib/k8s/schemas/name-rules';
import { clusterRoleBindingBodySchema, clusterRoleBodySchema, roleBindingBodySchema, roleBodySchema } from '@/lib/k8s/schemas/rbac';
import { configMapBodySchema } from '@/lib/k8s/schemas/config-map';
import { secretBodySchema } from '@/lib/k8s/schemas/secret';
import { serviceSpecSchema, serviceStatusSchema } from '@/lib/k8s/schemas/service';
import type { NameRule } from '@/lib/validation/object-meta';
import { transitionRules } from '@/lib/validation/transition-rules';

/**
 * The admission schema of every kind in lib/k8s/kinds.ts: which top-level fields exist (all
 * but apiVersion, kind, metadata and status), what the status looks like, how names are
 * checked, and rules that need the whole object or the stored one. Forms reuse `body`/`status`.
 */
export interface KindSchema {
  /** The object's top-level fields other than apiVersion, kind, metadata and status. */
  body: z.ZodType;
  /** The status schema, for kinds with a status. */
  status?: z.ZodType;
  name: NameRule;
  /** Rules that read metadata or the stored object (CEL `oldSelf`, immutable fields). */
  checkObject?: (object: K8sObject, old: K8sObject | undefined) => StatusCause[];
}

const withSpec = (spec: z.ZodType) => z.object({ spec });

const KIND_SCHEMAS: Record<string, KindSchema> = {
  '/namespaces': { body: withSpec(namespaceSpecSchema.optional()), status: namespaceStatusSchema, name: dns1123Label },
  '/services': { body: withSpec(serviceSpecSchema.prefault({})), status: serviceStatusSchema, name: dns1035Label },
  '/secrets': { body: secretBodySchema, name: dns1123Subdomain, checkObject: transitionRules.immutableData },
  '/configmaps': { body: configMapBodySchema, name: dns1123Subdomain, checkObject: transitionRules.immutableData },
  'discovery.k8s.io/endpointslices': { body: endpointSliceBodySchema, name: dns1123Subdomain, checkObject: transitionRules.endpointSlice },
  'rbac.authorization.k8s.io/roles': { body: roleBodySchema, name: pathSegmentName },
  'rbac.authorization.k8s.io/clusterroles': { body: clusterRoleBodySchema, name: pathSegmentName },
  'rbac.authorization.k8s.io/rolebindings': { body: roleBindingBodySchema, name: pathSegmentName, checkObject: transitionRules.roleRef },
  'rbac.authorization.k8s.io/clusterrolebindings': { body: clusterRoleBindingBodySchema, name: pathSegmentName, checkObject: transitionRules.roleRef },
  'coordination.k8s.io/leases': { body: withSpec(leaseSpecSchema.optional()), name: dns1123Subdomain },
  'gateway.networking.k8s.io/gatewayclasses': {
    body: withSpec(gatewayClassSpecSchema),
    status: gatewayClassStatusSchema,
    name: dns1123Subdomain,
    checkObject: transitionRules.gatewayClass,
  },
  'gateway.networking.k8s.io/gateways': { body: withSpec(gatewaySpecSchema), status: gatewayStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/httproutes': { body: withSpec(httpRouteSpecSchema), status: httpRouteStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/grpcroutes': { body: withSpec(grpcRouteSpecSchema), status: grpcRouteStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/referencegrants': { body: withSpec(referenceGrantSpecSchema), name: dns1123Subdomain },
  'gateway.networking.k8s.io/tlsroutes': { body: withSpec(tlsRouteSpecSchema), status: l4RouteStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/tcproutes': { body: withSpec(tcpRouteSpecSchema), status: l4RouteStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/udproutes': { body: withSpec(udpRouteSpecSchema), status: l4RouteStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/listenersets': { body: withSpec(listenerSetSpecSchema), status: listenerSetStatusSchema, name: dns1123Subdomain },
  'gateway.networking.k8s.io/backendtlspolicies': {
    body: withSpec(backendTLSPolicySpecSchema),
    status: backendTLSPolicyStatusSchema,
    name: dns1123Subdomain,
  },
  'portico.dev/accessrequests': {
    body: withSpec(accessRequestSpecSchema),
    status: accessRequestStatusSchema,
    name: dns1123Subdomain,
    checkObject: transitionRules.accessRequest,
  },
};

/** The admission schema of a kind. Throws for a type missing from the table (a programmer error). */
export function schemaFor(type: Pick<ResourceType, 'group' | 'plural'>): KindSchema {
  const schema = KIND_SCHEMAS[resourceId(type)];
  if (!schema) throw new Error(`no validation schema for ${resourceId(type)}`);
  return schema;
}
