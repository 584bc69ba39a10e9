import { z } from 'zod';

/**
 * Wire contract of the access-request decisions, Portico's own endpoints next to /k8s:
 *
 * - `POST /api/access-requests/<namespace>/<name>/approve` with `{}` (or `{message}`): creates the
 *   narrowest ReferenceGrant in the target namespace AS THE CALLER (their RBAC must allow
 *   creating referencegrants there and updating accessrequests/status), then records phase
 *   Approved, decidedBy, decidedAt and referenceGrantName in the request's status. 200 with
 *   `{accessRequest, referenceGrant}`.
 * - `POST /api/access-requests/<namespace>/<name>/deny` with `{reason}`: records phase Denied and
 *   the reason as `status.message`, which the requester sees. 200 with `{accessRequest}`.
 *
 * Errors are `{error: {code, message, causes?}}`: 401 not signed in, 403 RBAC (the message says
 * which permission is missing) or a cross-site request, 404 no such request, 409 `AlreadyDecided`
 * (the message says who decided it and when) or a concurrent change, 422 invalid body (causes
 * name the field). A retried approval after a failure reuses the grant it already made.
 */

export const ACCESS_REQUESTS_PATH = '/api/access-requests';

export const approveBodySchema = z.object({
  /** Optional note for the requester; a default explaining the grant is written otherwise. */
  message: z.string().trim().max(1024).optional(),
});
export type ApproveBody = z.infer<typeof approveBodySchema>;

export const denyBodySchema = z.object({
  reason: z.string().trim().min(1, 'Say why, so the requester knows what to change').max(1024),
});
export type DenyBody = z.infer<typeof denyBodySchema>;

export interface ApiErrorCause {
  field: string;
  message: string;
}

export interface PorticoApiErrorBody {
  error: { code: string; message: string; causes?: ApiErrorCause[] };
}

/** A failed /api call: HTTP status, stable code, the message to show verbatim, and field causes. */
export class PorticoApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly causes: ApiErrorCause[] = [],
  ) {
    super(message);
    this.name = 'PorticoApiError';
  }
}

export function accessRequestDecisionPath(namespace: string, name: string, decision: 'approve' | 'deny'): string {
  return `${ACCESS_REQUESTS_PATH}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${decision}`;
}

/** POSTs JSON to a Portico /api endpoint and answers the parsed body, or throws PorticoApiError. */
export async function postPorticoApi<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  return readPorticoApi<T>(res);
}

export async function readPorticoApi<T>(res: Response): Promise<T> {
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const error = (parsed as Partial<PorticoApiErrorBody> | undefined)?.error;
    throw new PorticoApiError(res.status, error?.code ?? String(res.status), error?.message ?? `The server answered ${res.status}`, error?.causes ?? []);
  }
  return parsed as T;
}
