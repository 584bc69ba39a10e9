import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildNarrowestGrant, describeAccess, isGrantFor } from '@/lib/access/narrowest-grant';
import { ACCESS_REQUESTS_PATH, approveBodySchema, denyBodySchema, type ApiErrorCause } from '@/lib/api/access-requests';
import { accessRequestSpecSchema, type AccessRequest, type AccessRequestStatus } from '@/lib/k8s/schemas/access-request';
import type { K8sObject } from '@/lib/k8s/object';
import { k8sAsCaller, type K8sAnswer, type K8sAsCaller } from '@/server/access/k8s-as-caller';
import { checkCsrf } from '@/server/auth/csrf';
import { HttpError, readJsonBody } from '@/server/auth/json-http';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendJson } from '@/server/http/json-response';
import { pathSegments } from '@/server/http/path-segments';

const PORTICO_GROUP = 'portico.dev';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const REQUESTS = (ns: string) => `/apis/portico.dev/v1alpha1/namespaces/${encodeURIComponent(ns)}/accessrequests`;
const GRANTS = (ns: string) => `/apis/gateway.networking.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/referencegrants`;
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export interface AccessRequestsRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** This server's /k8s base URL; decisions are written through it with the caller's own credentials. */
  k8sUrl: () => string | undefined;
  clock?: () => Date;
}

/** A failure to answer: HTTP status, stable code, a message to show as is, field causes. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly causes: ApiErrorCause[] = [],
  ) {
    super(message);
  }
}

function send(res: ServerResponse, err: Refusal): void {
  sendJson(res, err.status, { error: { code: err.code, message: err.message, ...(err.causes.length ? { causes: err.causes } : {}) } });
}

/** A /k8s failure (a Kubernetes Status) as this endpoint's error, message verbatim. */
function fromK8s(answer: K8sAnswer, doing: string): Refusal {
  const status = (answer.body ?? {}) as { reason?: string; message?: string; details?: { causes?: { field?: string; message?: string }[] } };
  const causes = (status.details?.causes ?? []).map((c) => ({ field: c.field ?? '', message: c.message ?? '' }));
  return new Refusal(answer.status, status.reason || String(answer.status), `${doing}: ${status.message ?? `the API answered ${answer.status}`}`, causes);
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `POST /api/access-requests/<namespace>/<name>/approve|deny` (contract in lib/api/access-requests.ts).
 * Authorization is checked twice on purpose: up front with the same authorizer as /k8s, so a
 * caller who could do only half (create the grant but not record the decision) changes nothing,
 * and again by /k8s itself on every write, which is made with the caller's own credentials.
 */
export function createAccessRequestsRoute(deps: AccessRequestsRouteDeps) {
  const clock = deps.clock ?? (() => new Date());

  return async function handleAccessRequests(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        throw new Refusal(405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on ${ACCESS_REQUESTS_PATH}; POST .../approve or .../deny`);
      }
      const auth = deps.authenticator.authenticate(req);
      if (auth.kind !== 'authenticated') throw new Refusal(401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
      const csrf = checkCsrf(req, auth);
      if (!csrf.ok) throw new Refusal(403, 'Forbidden', csrf.reason);
      const target = parseTarget(req.url ?? '');
      if (!target) throw new Refusal(404, 'NotFound', `no such endpoint: ${req.url ?? ''}; use ${ACCESS_REQUESTS_PATH}/<namespace>/<name>/approve or /deny`);
      const k8sUrl = deps.k8sUrl();
      if (!k8sUrl) throw new Refusal(503, 'ServiceUnavailable', 'the API server is still starting; try again in a moment');
      const body = await readBody(req);
      const k8s = k8sAsCaller(req, k8sUrl);
      const decide = target.decision === 'approve' ? approve : deny;
      sendJson(res, 200, await decide({ k8s, user: auth.user, namespace: target.namespace, name: target.name, body, now: clock() }));
    } catch (err) {
      if (err instanceof Refusal) return send(res, err);
      if (err instanceof HttpError) return send(res, new Refusal(err.status, err.code, err.message));
      throw err;
    }
  };

  function mayOrRefuse(user: UserInfo, verb: string, group: string, resource: string, namespace: string, why: string): void {
    const [plural, subresource] = resource.split('/');
    const decision = deps.authorizer.authorize({ user, verb, apiGroup: group, resource: plural!, subresource, namespace });
    if (!decision.allowed) {
      throw new Refusal(403, 'Forbidden', `${user.username} may not ${verb} ${resource} in namespace ${namespace}, which ${why} needs: ${decision.reason}`);
    }
  }

  interface Decision {
    k8s: K8sAsCaller;
    user: UserInfo;
    namespace: string;
    name: string;
    body: unknown;
    now: Date;
  }

  /** Reads the request as the caller and refuses one that is already decided or malformed. */
  async function readPending(d: Decision, decision: string): Promise<AccessRequest> {
    mayOrRefuse(d.user, 'update', PORTICO_GROUP, 'accessrequests/status', d.namespace, `${decision} an access request`);
    const got = await d.k8s.request('GET', `${REQUESTS(d.namespace)}/${encodeURIComponent(d.name)}`);
    if (got.status !== 200) throw fromK8s(got, `reading AccessRequest ${d.namespace}/${d.name}`);
    const request = got.body as AccessRequest;
    const spec = accessRequestSpecSchema.safeParse(request.spec);
    if (!spec.success) throw new Refusal(422, 'Invalid', `AccessRequest ${d.namespace}/${d.name} has an invalid spec; ask its owner to fix or delete it`);
    const status = (request.status ?? {}) as Partial<AccessRequestStatus>;
    if (status.phase === 'Approved' || status.phase === 'Denied') {
      const by = status.decidedBy ? ` by ${status.decidedBy}` : '';
      const at = status.decidedAt ? ` at ${status.decidedAt}` : '';
      const grant = status.referenceGrantName ? ` (ReferenceGrant ${spec.data.to.namespace}/${status.referenceGrantName})` : '';
      throw new Refusal(409, 'AlreadyDecided', `AccessRequest ${d.namespace}/${d.name} was already ${status.phase.toLowerCase()}${by}${at}${grant}; a decision is final, ask for a new request to change it`);
    }
    return { ...request, spec: spec.data };
  }

  async function writeStatus(d: Decision, request: AccessRequest, status: AccessRequestStatus): Promise<AccessRequest> {
    const put = await d.k8s.request('PUT', `${REQUESTS(d.namespace)}/${encodeURIComponent(d.name)}/status`, { ...request, status });
    if (put.status === 409) {
      throw new Refusal(409, 'Conflict', `AccessRequest ${d.namespace}/${d.name} changed while it was being decided (someone else may have decided it); reload it and try again`);
    }
    if (put.status !== 200) throw fromK8s(put, `recording the decision on AccessRequest ${d.namespace}/${d.name}`);
    return put.body as AccessRequest;
  }

  async function approve(d: Decision): Promise<{ accessRequest: AccessRequest; referenceGrant: K8sObject }> {
    const body = approveBodySchema.safeParse(d.body);
    if (!body.success) throw invalidBody(body.error.issues);
    const request = await readPending(d, 'approving');
    const grant = buildNarrowestGrant(request);
    const grantNamespace = grant.metadata.namespace!;
    mayOrRefuse(d.user, 'create', GATEWAY_GROUP, 'referencegrants', grantNamespace, 'approving this request');

    let created = false;
    let referenceGrant: K8sObject;
    const post = await d.k8s.request('POST', GRANTS(grantNamespace), grant);
    if (post.status === 201) {
      created = true;
      referenceGrant = post.body as K8sObject;
    } else if (post.status === 409) {
      // Idempotent retry: a grant of this name made for this very request is the one we wanted.
      const existing = await d.k8s.request('GET', `${GRANTS(grantNamespace)}/${encodeURIComponent(grant.metadata.name!)}`);
      if (existing.status !== 200 || !isGrantFor(existing.body as K8sObject, request)) {
        throw new Refusal(409, 'AlreadyExists', `ReferenceGrant ${grantNamespace}/${grant.metadata.name} already exists and was not made for this request; rename or delete it, then approve again`);
      }
      referenceGrant = existing.body as K8sObject;
    } else {
      throw fromK8s(post, `creating ReferenceGrant ${grantNamespace}/${grant.metadata.name}`);
    }

    const status: AccessRequestStatus = {
      ...((request.status ?? {}) as Partial<AccessRequestStatus>),
      phase: 'Approved',
      decidedBy: d.user.username,
      decidedAt: rfc3339(d.now),
      referenceGrantName: grant.metadata.name!,
      message: body.data.message || `Approved by ${d.user.username}: ${describeAccess(request)} (ReferenceGrant ${grantNamespace}/${grant.metadata.name}).`,
    };
    try {
      return { accessRequest: await writeStatus(d, request, status), referenceGrant };
    } catch (err) {
      // The decision was not recorded: take back the grant this call made, so nothing half-done stays.
      if (created) await d.k8s.request('DELETE', `${GRANTS(grantNamespace)}/${encodeURIComponent(grant.metadata.name!)}`).catch(() => undefined);
      throw err;
    }
  }

  async function deny(d: Decision): Promise<{ accessRequest: AccessRequest }> {
    const body = denyBodySchema.safeParse(d.body);
    if (!body.success) throw invalidBody(body.error.issues);
    const request = await readPending(d, 'denying');
    const status: AccessRequestStatus = {
      ...((request.status ?? {}) as Partial<AccessRequestStatus>),
      phase: 'Denied',
      decidedBy: d.user.username,
      decidedAt: rfc3339(d.now),
      message: body.data.reason,
    };
    return { accessRequest: await writeStatus(d, request, status) };
  }
}

function invalidBody(issues: readonly { path: PropertyKey[]; message: string }[]): Refusal {
  const causes = issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
  return new Refusal(422, 'Invalid', causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join('; '), causes);
}

/** Approve's body may be empty; deny's must carry a reason. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const length = Number(req.headers['content-length'] ?? 'NaN');
  if (length === 0 && !req.headers['transfer-encoding']) return {};
  return readJsonBody(req);
}

function parseTarget(url: string): { namespace: string; name: string; decision: 'approve' | 'deny' } | undefined {
  const parts = pathSegments(url, ACCESS_REQUESTS_PATH);
  if (parts?.length !== 3) return undefined;
  const [namespace, name, decision] = parts as [string, string, string];
  if (!OBJECT_NAME.test(namespace) || !OBJECT_NAME.test(name) || (decision !== 'approve' && decision !== 'deny')) return undefined;
  return { namespace, name, decision };
}
