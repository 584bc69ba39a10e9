import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsoleArea, MeResponse } from '@/lib/api/me';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendApiError, sendJson } from '@/server/http/json-response';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * The console areas a user's RBAC opens, decided by the same authorizer that guards /k8s:
 * infrastructure = may create GatewayClasses; operations = may create Gateways in some
 * namespace; applications = may create HTTPRoutes in some namespace (listed).
 */
export function computeMe(user: UserInfo, authorizer: Authorizer, namespaces: readonly string[]): MeResponse {
  const can = (resource: string, namespace?: string) =>
    authorizer.authorize({ user, verb: 'create', apiGroup: GATEWAY_GROUP, resource, namespace }).allowed;
  const areas: ConsoleArea[] = [];
  if (can('gatewayclasses')) areas.push('infrastructure');
  if (namespaces.some((ns) => can('gateways', ns))) areas.push('operations');
  const applicationNamespaces = namespaces.filter((ns) => can('httproutes', ns));
  if (applicationNamespaces.length > 0) areas.push('applications');
  return { user: { username: user.username, groups: user.groups }, areas, applicationNamespaces };
}

/** `GET /api/me`: who am I and what may I do. 401 without a valid session or token. */
export function createMeRoute(deps: {
  authenticator: Authenticator;
  authorizer: Authorizer;
  listNamespaces: () => string[];
}) {
  return function handleMe(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendApiError(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on /api/me`);
      return;
    }
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') {
      sendApiError(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      return;
    }
    sendJson(res, 200, computeMe(auth.user, deps.authorizer, deps.listNamespaces().sort()));
  };
}
