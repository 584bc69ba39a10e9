import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiagnosticsResponse, VisibleFinding, VisibleRelatedRoute } from '@/lib/api/diagnostics';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { diagnosticsForRoute } from '@/server/diagnostics/diagnostics-for-route';
import type { Finding, RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import { sendApiError, sendJson } from '@/server/http/json-response';
import { pathSegments } from '@/server/http/path-segments';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const DIAGNOSTICS_PATH = '/api/diagnostics';

/** Route kinds by how the path may spell them: the Kind or the plural resource. */
const ROUTE_KINDS: Record<string, { kind: 'HTTPRoute' | 'GRPCRoute'; resource: string }> = {
  httproute: { kind: 'HTTPRoute', resource: 'httproutes' },
  httproutes: { kind: 'HTTPRoute', resource: 'httproutes' },
  grpcroute: { kind: 'GRPCRoute', resource: 'grpcroutes' },
  grpcroutes: { kind: 'GRPCRoute', resource: 'grpcroutes' },
};

export interface DiagnosticsRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** The controller's latest findings (RunningController.diagnostics). */
  diagnostics: () => readonly RouteDiagnostics[];
  /** Whether the route exists (e.g. in the controller's snapshot). Without it, an unknown route answers `{findings: []}`. */
  routeExists?: (kind: 'HTTPRoute' | 'GRPCRoute', namespace: string, name: string) => boolean;
}

/**
 * `GET /api/diagnostics/<kind>/<namespace>/<name>` (kind: `HTTPRoute`, `httproutes`, `GRPCRoute`,
 * `grpcroutes`): the route's diagnostic findings for the console. 401 without a valid session or
 * token; 403 unless RBAC lets the caller `get` the route (checked before existence, so a denied
 * caller learns nothing about it); 404 for another path or an unknown route.
 * Routes of other namespaces in `related` keep their name only where the caller may `get` them
 * too; otherwise only their kind and namespace are shown, as in the status messages.
 */
export function createDiagnosticsRoute(deps: DiagnosticsRouteDeps) {
  return function handleDiagnostics(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendApiError(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${DIAGNOSTICS_PATH}`);
      return;
    }
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') {
      sendApiError(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      return;
    }
    const target = parseTarget(req.url ?? '');
    if (!target) {
      sendApiError(res, 404, 'NotFound', `no such endpoint: ${req.url ?? ''}; use ${DIAGNOSTICS_PATH}/<HTTPRoute|GRPCRoute>/<namespace>/<name>`);
      return;
    }
    const { kind, resource, namespace, name } = target;
    const decision = deps.authorizer.authorize({ user: auth.user, verb: 'get', apiGroup: GATEWAY_GROUP, resource, namespace, name });
    if (!decision.allowed) {
      sendApiError(res, 403, 'Forbidden', `${auth.user.username} may not get ${resource} ${namespace}/${name}: ${decision.reason}`);
      return;
    }
    if (deps.routeExists && !deps.routeExists(kind, namespace, name)) {
      sendApiError(res, 404, 'NotFound', `${kind} ${namespace}/${name} not found`);
      return;
    }
    const findings = diagnosticsForRoute(deps.diagnostics(), kind, namespace, name).map((f) => visibleFinding(f, namespace, auth.user, deps.authorizer));
    sendJson(res, 200, { findings } satisfies DiagnosticsResponse);
  };
}

function parseTarget(url: string): { kind: 'HTTPRoute' | 'GRPCRoute'; resource: string; namespace: string; name: string } | undefined {
  const parts = pathSegments(url, DIAGNOSTICS_PATH);
  if (parts?.length !== 3) return undefined;
  const [kindPart, namespace, name] = parts as [string, string, string];
  const kind = ROUTE_KINDS[kindPart.toLowerCase()];
  const objectName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
  if (!kind || !objectName.test(namespace) || !objectName.test(name)) return undefined;
  return { ...kind, namespace, name };
}

function visibleFinding(f: Finding, namespace: string, user: UserInfo, authorizer: Authorizer): VisibleFinding {
  const related = f.related.map((r): VisibleRelatedRoute => {
    if (r.namespace === namespace) return r;
    const resource = r.kind === 'HTTPRoute' ? 'httproutes' : 'grpcroutes';
    const mayGet = authorizer.authorize({ user, verb: 'get', apiGroup: GATEWAY_GROUP, resource, namespace: r.namespace, name: r.name }).allowed;
    return mayGet ? r : { kind: r.kind, namespace: r.namespace };
  });
  return { ...f, related };
}
