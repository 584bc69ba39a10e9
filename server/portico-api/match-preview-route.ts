import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { MATCH_PREVIEW_PATH, simulatedRequestSchema, TEST_REQUEST_PATH, testRequestSchema, type SimulatedRequest } from '@/lib/api/match-preview';
import type { SnapshotAck } from '@/lib/ir/protocol';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { K8sObject } from '@/lib/k8s/object';
import { checkCsrf } from '@/server/auth/csrf';
import { HttpError, readJsonBody } from '@/server/auth/json-http';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendApiError, sendJson } from '@/server/http/json-response';
import { chooseListenerPort, computeMatchPreview, gatewayListeners } from './match-preview/compute-match-preview';
import type { PrecedenceFacts } from './match-preview/precedence-reason';
import { sendTestRequest, TestRequestError } from './match-preview/send-test-request';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const BODY_LIMIT = 96 * 1024;

export interface MatchPreviewRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** The routing snapshot the proxies are served (SnapshotPublisher.current). */
  routingSnapshot: () => RoutingSnapshot | undefined;
  /** The controller's routes (for precedence facts: hostnames, creation timestamps). */
  routes: () => { httpRoutes: readonly K8sObject[]; grpcRoutes: readonly K8sObject[] } | undefined;
  /** Every proxy's latest ack (SnapshotPublisher.acks): where each listener is really bound. */
  acks: () => ReadonlyMap<string, SnapshotAck>;
}

/**
 * `POST /api/match-preview` and `POST /api/test-request` (contracts in lib/api/match-preview.ts).
 * 401 without credentials; 403 for a cookie request from another origin or without `get` on
 * the Gateway (checked before anything about the Gateway is revealed); 400 with the field for
 * a malformed request; 503 before the controller has published a snapshot.
 */
export function createMatchPreviewRoute(deps: MatchPreviewRouteDeps) {
  return async function handleMatchPreview(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const testing = path === TEST_REQUEST_PATH;
    if (path !== MATCH_PREVIEW_PATH && !testing) {
      sendApiError(res, 404, 'NotFound', `no such endpoint: ${req.url ?? ''}`);
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendApiError(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${path}`);
      return;
    }
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') {
      sendApiError(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      return;
    }
    const csrf = checkCsrf(req, auth);
    if (!csrf.ok) {
      sendApiError(res, 403, 'Forbidden', csrf.reason);
      return;
    }
    try {
      const raw = await readJsonBody(req, BODY_LIMIT);
      const request = parse(testing ? testRequestSchema : simulatedRequestSchema, raw);
      authorizeGateway(deps.authorizer, auth.user, request);
      const snapshot = deps.routingSnapshot();
      if (!snapshot) throw new HttpError(503, 'ServiceUnavailable', 'the controller has not published a routing snapshot yet; try again in a moment');
      if (!testing) {
        sendJson(res, 200, preview(deps, auth.user, snapshot, request));
        return;
      }
      const listeners = gatewayListeners(snapshot, request.gateway);
      const port = chooseListenerPort(listeners, request);
      const listener = listeners.find((l) => l.port === port);
      if (!listener) throw new HttpError(404, 'NotFound', `Gateway ${request.gateway.namespace}/${request.gateway.name} has no listener${port ? ` on port ${port}` : ''} in the routing snapshot`);
      const address = boundAddress(deps.acks(), listener.name);
      if (!address) throw new HttpError(503, 'NotBound', `the proxy has not bound listener ${listener.name} (yet); the Gateway is not Programmed`);
      sendJson(res, 200, await sendTestRequest({ address, protocol: listener.protocol }, { ...request, listenerPort: listener.port }));
    } catch (err) {
      if (err instanceof HttpError || err instanceof TestRequestError) sendApiError(res, err.status, err.code, err.message);
      else throw err;
    }
  };
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(body)';
  throw new HttpError(400, 'BadRequest', `${where}: ${issue?.message ?? 'invalid request'}`);
}

function authorizeGateway(authorizer: Authorizer, user: UserInfo, request: SimulatedRequest): void {
  const { namespace, name } = request.gateway;
  const decision = authorizer.authorize({ user, verb: 'get', apiGroup: GATEWAY_GROUP, resource: 'gateways', namespace, name });
  if (!decision.allowed) throw new HttpError(403, 'Forbidden', `${user.username} may not get gateways ${namespace}/${name}: ${decision.reason}`);
}

function preview(deps: MatchPreviewRouteDeps, user: UserInfo, snapshot: RoutingSnapshot, request: SimulatedRequest) {
  const routes = deps.routes();
  const facts = new Map<string, PrecedenceFacts>();
  for (const [kind, list] of [['HTTPRoute', routes?.httpRoutes ?? []], ['GRPCRoute', routes?.grpcRoutes ?? []]] as const) {
    for (const r of list) {
      const hostnames = (r.spec as { hostnames?: unknown } | undefined)?.hostnames;
      facts.set(`${kind}/${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`, {
        hostnames: Array.isArray(hostnames) ? hostnames.filter((h): h is string => typeof h === 'string') : [],
        creationTimestamp: r.metadata.creationTimestamp,
      });
    }
  }
  const readable = new Map<string, boolean>();
  return computeMatchPreview({
    snapshot,
    request,
    canReadRoute: (kind, namespace, name) => {
      const key = `${kind}/${namespace}/${name}`;
      let allowed = readable.get(key);
      if (allowed === undefined) {
        const resource = kind === 'HTTPRoute' ? 'httproutes' : 'grpcroutes';
        allowed = deps.authorizer.authorize({ user, verb: 'get', apiGroup: GATEWAY_GROUP, resource, namespace, name }).allowed;
        readable.set(key, allowed);
      }
      return allowed;
    },
    routeFacts: (kind, namespace, name) => facts.get(`${kind}/${namespace}/${name}`),
  });
}

/** The address a proxy reports it bound for `listenerName` (the newest ack that has one). */
export function boundAddress(acks: ReadonlyMap<string, SnapshotAck & { receivedAt?: Date }>, listenerName: string): string | undefined {
  let best: { address: string; at: number } | undefined;
  for (const ack of acks.values()) {
    const binding = ack.listeners?.find((l) => l.name === listenerName && l.bound && l.address);
    if (!binding?.address) continue;
    const at = ack.receivedAt?.getTime() ?? 0;
    if (!best || at > best.at) best = { address: binding.address, at };
  }
  return best?.address;
}
