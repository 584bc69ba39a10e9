import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  GATEWAYS_IMPACT_PATH,
  REFERENCE_GRANTS_IMPACT_PATH,
  type GatewayImpact,
  type ImpactedObject,
  type ReferenceGrantImpact,
  type RouteAttachmentChange,
} from '@/lib/api/reference-grant-impact';
import type { K8sObject } from '@/lib/k8s/object';
import { HttpError, readJsonBody } from '@/server/auth/json-http';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { sendApiError, sendJson } from '@/server/http/json-response';
import { computeGatewayImpact } from '@/server/portico-api/gateway-impact';
import { computeReferenceGrantImpact, type ImpactEntry } from '@/server/portico-api/reference-grant-impact';
import { pathSegments } from '@/server/http/path-segments';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const MAX_BODY = 512 * 1024;
const PLURALS: Record<string, string> = { HTTPRoute: 'httproutes', GRPCRoute: 'grpcroutes', Gateway: 'gateways' };

export interface ImpactRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** The controller's latest resource snapshot; undefined until it has synced. */
  snapshot: () => ResourceSnapshot | undefined;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Impact previews (contract in lib/api/reference-grant-impact.ts), mounted at both
 * `/api/reference-grants` and `/api/gateways/impact`. Every answer is authorized with the same
 * authorizer as /k8s: reading a grant's impact needs `get` on it, previewing a proposal needs
 * the write it previews (create, or update for an existing Gateway); referrers keep their name
 * only where the caller may `get` them.
 */
export function createImpactRoute(deps: ImpactRouteDeps) {
  const may = (user: UserInfo, verb: string, resource: string, namespace: string, name?: string) =>
    deps.authorizer.authorize({ user, verb, apiGroup: GATEWAY_GROUP, resource, namespace, name });

  function require(user: UserInfo, verbs: string[], resource: string, namespace: string, name?: string): void {
    const decisions = verbs.map((verb) => may(user, verb, resource, namespace, name));
    if (decisions.some((d) => d.allowed)) return;
    throw new Refusal(403, 'Forbidden', `${user.username} may not ${verbs.join(' or ')} ${resource} in namespace ${namespace}: ${decisions[0]!.reason}`);
  }

  function visible<T extends { kind: string; namespace: string; name: string }>(user: UserInfo, entry: T): Omit<T, 'name'> & { name?: string } {
    const plural = PLURALS[entry.kind];
    if (plural && may(user, 'get', plural, entry.namespace, entry.name).allowed) return entry;
    const { name: _hidden, ...rest } = entry;
    return rest;
  }

  const shown = (user: UserInfo, entries: ImpactEntry[]): ImpactedObject[] => entries.map((e) => visible(user, e));

  function currentSnapshot(): ResourceSnapshot {
    const snapshot = deps.snapshot();
    if (!snapshot) throw new Refusal(503, 'ServiceUnavailable', 'the controller has not synced yet; try again in a moment');
    return snapshot;
  }

  async function readProposed(req: IncomingMessage, kind: string): Promise<K8sObject & { metadata: { namespace: string; name: string } }> {
    const body = (await readJsonBody(req, MAX_BODY)) as Partial<K8sObject> | null;
    const meta = body?.metadata;
    if (!body || typeof body !== 'object' || body.kind !== kind || typeof meta !== 'object' || meta === null) {
      throw new Refusal(422, 'Invalid', `send the proposed ${kind} as a JSON object with kind ${kind} and metadata.namespace and metadata.name`);
    }
    const { namespace, name } = meta;
    if (typeof namespace !== 'string' || !OBJECT_NAME.test(namespace) || typeof name !== 'string' || !OBJECT_NAME.test(name)) {
      throw new Refusal(422, 'Invalid', `metadata.namespace and metadata.name of the proposed ${kind} must be valid object names`);
    }
    return { ...(body as K8sObject), metadata: { ...meta, namespace, name } };
  }

  async function answer(req: IncomingMessage, user: UserInfo, path: string): Promise<unknown> {
    if (path === GATEWAYS_IMPACT_PATH) {
      if (req.method !== 'POST') throw new Refusal(405, 'MethodNotAllowed', `POST a proposed Gateway to ${GATEWAYS_IMPACT_PATH}`);
      const proposed = await readProposed(req, 'Gateway');
      const { namespace, name } = proposed.metadata;
      require(user, ['update', 'create'], 'gateways', namespace, name);
      const impact = computeGatewayImpact(currentSnapshot(), proposed);
      const hide = (c: RouteAttachmentChange & { name: string }) => visible(user, c);
      return {
        gateway: { namespace, name },
        managed: impact.managed,
        detached: impact.detached.map(hide),
        attached: impact.attached.map(hide),
        listeners: impact.listeners,
      } satisfies GatewayImpact;
    }
    if (path === `${REFERENCE_GRANTS_IMPACT_PATH}/impact`) {
      if (req.method !== 'POST') throw new Refusal(405, 'MethodNotAllowed', `POST a proposed ReferenceGrant to ${path}`);
      const proposed = await readProposed(req, 'ReferenceGrant');
      const { namespace, name } = proposed.metadata;
      require(user, ['create', 'update'], 'referencegrants', namespace, name);
      const impact = computeReferenceGrantImpact(currentSnapshot(), proposed);
      return { grant: { namespace, name }, enabled: shown(user, impact.enabled), breaksIfDeleted: shown(user, impact.breaksIfDeleted) } satisfies ReferenceGrantImpact;
    }
    const target = parseGrantPath(path);
    if (!target) throw new Refusal(404, 'NotFound', `no such endpoint: ${path}; use ${REFERENCE_GRANTS_IMPACT_PATH}/<namespace>/<name>/impact`);
    if (req.method !== 'GET') throw new Refusal(405, 'MethodNotAllowed', `GET ${path}`);
    require(user, ['get'], 'referencegrants', target.namespace, target.name);
    const snapshot = currentSnapshot();
    const grant = snapshot.referenceGrants.find((g) => g.metadata.namespace === target.namespace && g.metadata.name === target.name);
    if (!grant) throw new Refusal(404, 'NotFound', `ReferenceGrant ${target.namespace}/${target.name} not found`);
    const impact = computeReferenceGrantImpact(snapshot, grant);
    return { grant: target, enabled: shown(user, impact.enabled), breaksIfDeleted: shown(user, impact.breaksIfDeleted) } satisfies ReferenceGrantImpact;
  }

  return async function handleImpact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const auth = deps.authenticator.authenticate(req);
      if (auth.kind !== 'authenticated') throw new Refusal(401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      // Previews write nothing, so no CSRF check: a cross-site POST could not read the answer.
      sendJson(res, 200, await answer(req, auth.user, (req.url ?? '').split('?')[0] ?? ''));
    } catch (err) {
      if (err instanceof Refusal || err instanceof HttpError) {
        req.resume();
        return sendApiError(res, err.status, err.code, err.message);
      }
      throw err;
    }
  };
}

function parseGrantPath(path: string): { namespace: string; name: string } | undefined {
  const parts = pathSegments(path, REFERENCE_GRANTS_IMPACT_PATH);
  if (parts?.length !== 3 || parts[2] !== 'impact') return undefined;
  const [namespace, name] = parts as [string, string];
  return OBJECT_NAME.test(namespace) && OBJECT_NAME.test(name) ? { namespace, name } : undefined;
}
