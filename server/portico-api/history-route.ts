import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLUSTER_SCOPE, CORE_GROUP, HISTORY_PATH, restoreBodySchema, type HistoryEntry, type HistoryResponse, type RestoreResponse } from '@/lib/api/history';
import { cleanObject } from '@/lib/api/import-export';
import { k8sPath, resourceRef } from '@/lib/api/k8s-paths';
import { findResourceTypeByKind, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { k8sAsCaller, type K8sAnswer } from '@/server/access/k8s-as-caller';
import type { AuditEntry, AuditLog, ObjectRef } from '@/server/audit/audit-log';
import { diffObjects } from '@/server/audit/object-diff';
import { checkCsrf } from '@/server/auth/csrf';
import { HttpError, readJsonBody } from '@/server/auth/json-http';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendJson } from '@/server/http/json-response';
import { pathSegments } from '@/server/http/path-segments';

export interface HistoryRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  log: AuditLog;
  /** This server's /k8s base URL: restores are written through it with the caller's own credentials. */
  k8sUrl: () => string | undefined;
}

interface Target extends ObjectRef {
  type: ResourceType;
  restore: boolean;
}

type Cause = { field: string; message: string };

function fail(res: ServerResponse, status: number, code: string, message: string, causes: Cause[] = []): void {
  sendJson(res, status, { error: { code, message, ...(causes.length ? { causes } : {}) } });
}

/**
 * `GET /api/history/<group>/<kind>/<namespace>/<name>` and `POST .../restore` (contract in
 * lib/api/history.ts). Reading needs `get` on the object, checked before anything is revealed;
 * a restore is a PUT (or, for a deleted object, a create) through /k8s as the caller, so /k8s
 * decides with RBAC, admission and optimistic concurrency, and records the restore itself.
 */
export function createHistoryRoute(deps: HistoryRouteDeps) {
  return async function handleHistory(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') return fail(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
    const target = parseTarget(req.url ?? '');
    if (!target) return fail(res, 404, 'NotFound', `no such endpoint: ${req.url ?? ''}; use ${HISTORY_PATH}/<group|core>/<Kind>/<namespace|_>/<name>[/restore]`);
    const expected = target.restore ? 'POST' : 'GET';
    if (req.method !== expected) {
      res.setHeader('Allow', expected);
      return fail(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed here; use ${expected}`);
    }
    if (target.restore) {
      const csrf = checkCsrf(req, auth);
      if (!csrf.ok) return fail(res, 403, 'Forbidden', csrf.reason);
    }
    const denied = mayNotGet(deps.authorizer, auth.user, target);
    if (denied) return fail(res, 403, 'Forbidden', denied);
    if (!target.restore) {
      const entries = deps.log.list(target).map(toWire);
      sendJson(res, 200, { entries } satisfies HistoryResponse);
      return;
    }
    try {
      sendJson(res, 200, await restore(deps, req, target));
    } catch (err) {
      if (err instanceof RestoreError) return fail(res, err.status, err.code, err.message, err.causes);
      if (err instanceof HttpError) return fail(res, err.status, err.code, err.message);
      throw err;
    }
  };
}

function parseTarget(url: string): Target | undefined {
  const parts = pathSegments(url, HISTORY_PATH);
  if (!parts) return undefined;
  const restore = parts.length === 5 && parts[4] === 'restore';
  if (parts.length !== 4 && !restore) return undefined;
  const [groupPart, kind, namespacePart, name] = parts as [string, string, string, string];
  const group = groupPart === CORE_GROUP ? '' : groupPart;
  const type = findResourceTypeByKind(group, kind);
  if (!type || !name) return undefined;
  const namespace = namespacePart === CLUSTER_SCOPE ? '' : namespacePart;
  if (type.namespaced === (namespace === '')) return undefined;
  return { type, group, kind: type.kind, namespace, name, restore };
}

function mayNotGet(authorizer: Authorizer, user: UserInfo, t: Target): string | undefined {
  const decision = authorizer.authorize({ user, verb: 'get', apiGroup: t.group, resource: t.type.plural, namespace: t.namespace || undefined, name: t.name });
  return decision.allowed ? undefined : `${user.username} may not get ${t.type.plural} ${t.namespace ? `${t.namespace}/` : ''}${t.name}: ${decision.reason}`;
}

function toWire(e: AuditEntry): HistoryEntry {
  return { id: e.id, time: e.time, user: e.username, verb: e.verb, resourceVersion: e.resourceVersion, diff: diffObjects(e.before, e.after), restorable: (e.after ?? e.before) !== undefined };
}

class RestoreError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly causes: Cause[] = [],
  ) {
    super(message);
  }
}

function fromK8s(answer: K8sAnswer, doing: string): RestoreError {
  const status = (answer.body ?? {}) as { reason?: string; message?: string; details?: { causes?: { field?: string; message?: string }[] } };
  const causes = (status.details?.causes ?? []).map((c) => ({ field: c.field ?? '', message: c.message ?? '' }));
  return new RestoreError(answer.status, status.reason || String(answer.status), `${doing}: ${status.message ?? `the API answered ${answer.status}`}`, causes);
}

async function restore(deps: HistoryRouteDeps, req: IncomingMessage, t: Target): Promise<RestoreResponse> {
  const body = restoreBodySchema.safeParse(await readJsonBody(req));
  if (!body.success) throw new RestoreError(400, 'BadRequest', 'send {"id": <history entry id>}');
  const entry = deps.log.get(body.data.id);
  if (!entry || entry.group !== t.group || entry.kind !== t.kind || entry.namespace !== t.namespace || entry.name !== t.name) {
    throw new RestoreError(404, 'NotFound', `history entry ${body.data.id} is not a version of ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`);
  }
  // The version an entry stands for: the object after the change, or before it for a delete.
  const version = entry.after ?? entry.before;
  if (!version) throw new RestoreError(409, 'Conflict', `history entry ${entry.id} holds no version to restore`);
  const k8sUrl = deps.k8sUrl();
  if (!k8sUrl) throw new RestoreError(503, 'ServiceUnavailable', 'the API server is still starting; try again in a moment');
  const k8s = k8sAsCaller(req, k8sUrl);
  const ref = resourceRef(t.type);
  const objectPath = k8sPath(ref, { namespace: t.namespace || undefined, name: t.name }).replace(/^\/k8s/, '');
  const wanted = { ...cleanObject(version), apiVersion: version.apiVersion, kind: version.kind };
  const current = await k8s.request('GET', objectPath);
  if (current.status === 404) {
    const created = await k8s.request('POST', k8sPath(ref, { namespace: t.namespace || undefined }).replace(/^\/k8s/, ''), wanted);
    if (created.status !== 201) throw fromK8s(created, `could not create ${t.kind} ${t.name} again`);
    return { action: 'created', resourceVersion: (created.body as K8sObject).metadata.resourceVersion ?? '' };
  }
  if (current.status !== 200) throw fromK8s(current, `could not read ${t.kind} ${t.name}`);
  const live = current.body as K8sObject;
  // Optimistic concurrency: the PUT carries the live resourceVersion, so a change made meanwhile is a 409, not lost.
  const updated = await k8s.request('PUT', objectPath, { ...wanted, metadata: { ...wanted.metadata, resourceVersion: live.metadata.resourceVersion } });
  if (updated.status !== 200) throw fromK8s(updated, `could not restore ${t.kind} ${t.name}`);
  return { action: 'updated', resourceVersion: (updated.body as K8sObject).metadata.resourceVersion ?? '' };
}
