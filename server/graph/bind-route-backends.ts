import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import { routeRefsNotResolved, routeResolvedRefs, type RouteRefsReason } from '@/lib/gateway-api/conditions/route-conditions';
import { GATEWAY_GROUP } from '@/lib/gateway-api/shared/refs';
import type { K8sObject } from '@/lib/k8s/object';
import type { Lookup, ResolvedBackend, RouteKind, RouteRuleNode } from '@/server/graph/graph-types';
import { isReferenceAllowed, type GrantLookup } from '@/server/graph/reference-grant-index';

export interface BackendContext {
  grants: GrantLookup;
  services: Lookup<K8sObject>;
}

interface BackendRefLike {
  group: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
  port?: number | undefined;
  weight?: number | undefined;
}

interface ServicePort {
  port?: number;
  appProtocol?: string;
}

/**
 * Backend protocols each route kind can speak (SEMANTICS §6.5): unset means "infer from the
 * route", h2c and WebSocket ride on cleartext HTTP. Anything else (TLS to the backend needs a
 * BackendTLSPolicy, which we do not implement) makes the ref UnsupportedProtocol.
 */
const SPEAKABLE: Record<RouteKind, ReadonlySet<string>> = {
  HTTPRoute: new Set(['http', 'kubernetes.io/h2c', 'kubernetes.io/ws']),
  GRPCRoute: new Set(['grpc', 'h2c', 'kubernetes.io/h2c']),
};

export interface RouteIdentityForRefs {
  kind: RouteKind;
  namespace: string;
}

/**
 * Resolves every backendRef, mirror target and extensionRef of the valid rules (SEMANTICS §6.3,
 * §5.8), filling `backends` and `mirrors`, and returns the route's ResolvedRefs condition: one
 * reason (the first problem in rule order), every problem in the message.
 */
export function bindRouteBackends(route: RouteIdentityForRefs, rules: RouteRuleNode[], ctx: BackendContext): DesiredCondition {
  const problems: { reason: RouteRefsReason; message: string }[] = [];
  for (const rule of rules) {
    const spec = rule.http ?? rule.grpc;
    if (!spec) continue;
    const field = `spec.rules[${rule.index}]`;
    const filterLists = [{ path: `${field}.filters`, filters: spec.filters ?? [] }];
    (spec.backendRefs ?? []).forEach((ref, i) => {
      const backend = resolveBackendRef(route, ref, `${field}.backendRefs[${i}]`, ctx);
      rule.backends.push(backend);
      if (backend.problem) problems.push(backend.problem);
      filterLists.push({ path: `${field}.backendRefs[${i}].filters`, filters: ref.filters ?? [] });
    });
    for (const { path, filters } of filterLists) {
      filters.forEach((filter, i) => {
        if (filter.requestMirror) {
          const mirror = resolveBackendRef(route, { ...filter.requestMirror.backendRef, weight: 1 }, `${path}[${i}].requestMirror.backendRef`, ctx);
          rule.mirrors.push(mirror);
          if (mirror.problem) problems.push(mirror.problem);
        }
        if (filter.extensionRef) {
          const e = filter.extensionRef;
          problems.push({ reason: 'InvalidKind', message: `${path}[${i}].extensionRef: ${e.group || 'core'}/${e.kind} ${e.name} is not a filter kind Portico knows` });
        }
      });
    }
  }
  const first = problems[0];
  return first ? routeRefsNotResolved(first.reason, problems.map((p) => p.message).join('; ')) : routeResolvedRefs();
}

/** A module-level function, not a closure made per reference: this runs for every backendRef of every route. */
function failed(backend: ResolvedBackend, field: string, reason: RouteRefsReason, message: string): ResolvedBackend {
  return { ...backend, problem: { reason, message: `${field}: ${message}` } };
}

/** The check order matters: kind, then the grant (before existence, so nothing leaks), then existence and port. */
function resolveBackendRef(route: RouteIdentityForRefs, ref: BackendRefLike, field: string, ctx: BackendContext): ResolvedBackend {
  const namespace = ref.namespace ?? route.namespace;
  const backend: ResolvedBackend = {
    group: ref.group,
    kind: ref.kind,
    namespace,
    name: ref.name,
    ...(ref.port !== undefined ? { port: ref.port } : {}),
    weight: ref.weight ?? 1,
  };
  if (ref.group !== '' || ref.kind !== 'Service') return failed(backend, field, 'InvalidKind', `${ref.group || 'core'}/${ref.kind} is not a supported backend kind; use a core Service`);
  const allowed = isReferenceAllowed(
    { group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace },
    { group: '', kind: 'Service', namespace, name: ref.name },
    ctx.grants,
  );
  if (!allowed) {
    return failed(backend, field, 'RefNotPermitted', `Service ${namespace}/${ref.name} is in another namespace and no ReferenceGrant in ${namespace} allows ${route.kind}s from ${route.namespace} to use it`);
  }
  const serviceKey = `${namespace}/${ref.name}`;
  const service = ctx.services.get(serviceKey);
  if (!service) return failed(backend, field, 'BackendNotFound', `Service ${serviceKey} does not exist`);
  const spec = (service.spec ?? {}) as { type?: string; ports?: ServicePort[] };
  if (spec.type === 'ExternalName') return failed(backend, field, 'InvalidKind', `Service ${serviceKey} is of type ExternalName, which Portico refuses (CVE-2021-25740)`);
  const port = (spec.ports ?? []).find((p) => p.port === ref.port);
  if (!port) return failed(backend, field, 'BackendNotFound', `Service ${serviceKey} has no port ${ref.port ?? '(unset)'}`);
  if (port.appProtocol !== undefined && !SPEAKABLE[route.kind].has(port.appProtocol)) {
    return failed(backend, field, 'UnsupportedProtocol', `Service ${serviceKey} port ${port.port} has appProtocol ${JSON.stringify(port.appProtocol)}, which a ${route.kind} cannot speak`);
  }
  return { ...backend, serviceKey, ...(port.appProtocol !== undefined ? { appProtocol: port.appProtocol } : {}) };
}
