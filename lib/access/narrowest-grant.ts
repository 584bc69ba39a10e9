import type { AccessRequest } from '@/lib/k8s/schemas/access-request';
import type { K8sObject } from '@/lib/k8s/object';

/**
 * What approving an AccessRequest creates: the narrowest ReferenceGrant that satisfies it. One
 * `from` (the request's group and kind, in the request's own namespace) and one `to` (the
 * target's group and kind, and its name when the request named one), in the target namespace.
 */

/** Annotation on a grant made by approval: `<namespace>/<name>` of the request it answers. */
export const ACCESS_REQUEST_ANNOTATION = 'portico.dev/access-request';
export const GRANT_MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const GRANT_MANAGED_BY = 'portico-access-requests';

const MAX_NAME = 253;

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable suffix for names that had to be cut. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The grant's name: `access-<request namespace>-<request name>`, deterministic so that a retried
 * approval finds the grant it already made instead of making a second one. Names longer than a
 * DNS subdomain are cut and suffixed with a hash of the full name.
 */
export function grantNameFor(requestNamespace: string, requestName: string): string {
  const full = `access-${requestNamespace}-${requestName}`;
  if (full.length <= MAX_NAME) return full;
  const suffix = `-${fnv1a(full)}`;
  return full.slice(0, MAX_NAME - suffix.length).replace(/[-.]+$/, '') + suffix;
}

export function buildNarrowestGrant(request: Pick<AccessRequest, 'metadata' | 'spec'>): K8sObject {
  const namespace = request.metadata.namespace ?? '';
  const name = request.metadata.name ?? '';
  const { from, to } = request.spec;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'ReferenceGrant',
    metadata: {
      name: grantNameFor(namespace, name),
      namespace: to.namespace,
      labels: { [GRANT_MANAGED_BY_LABEL]: GRANT_MANAGED_BY },
      annotations: { [ACCESS_REQUEST_ANNOTATION]: `${namespace}/${name}` },
    },
    spec: {
      from: [{ group: from.group, kind: from.kind, namespace }],
      to: [{ group: to.group, kind: to.kind, ...(to.name ? { name: to.name } : {}) }],
    },
  };
}

/** Whether `grant` is the one approval of this request would make (same target, same spec, made for it). */
export function isGrantFor(grant: K8sObject, request: Pick<AccessRequest, 'metadata' | 'spec'>): boolean {
  const wanted = buildNarrowestGrant(request);
  const spec = (grant.spec ?? {}) as { from?: Record<string, unknown>[]; to?: Record<string, unknown>[] };
  const wantedSpec = wanted.spec as { from: Record<string, unknown>[]; to: Record<string, unknown>[] };
  // Field by field, not by JSON text: the server may store keys in another order.
  const same = (a: Record<string, unknown>[] | undefined, b: Record<string, unknown>[], keys: string[]) =>
    a?.length === b.length && a.every((entry, i) => keys.every((k) => (entry[k] ?? '') === (b[i]![k] ?? '')));
  return (
    grant.metadata.namespace === wanted.metadata.namespace &&
    grant.metadata.annotations?.[ACCESS_REQUEST_ANNOTATION] === wanted.metadata.annotations?.[ACCESS_REQUEST_ANNOTATION] &&
    same(spec.from, wantedSpec.from, ['group', 'kind', 'namespace']) &&
    same(spec.to, wantedSpec.to, ['group', 'kind', 'name'])
  );
}

/** `HTTPRoute` in team-a may reference `Service team-b/payments`, as people say it. */
export function describeAccess(request: Pick<AccessRequest, 'metadata' | 'spec'>): string {
  const { from, to } = request.spec;
  const target = to.name ? `${to.kind} ${to.namespace}/${to.name}` : `every ${to.kind} in ${to.namespace}`;
  return `${from.kind}s in ${request.metadata.namespace ?? ''} may reference ${target}`;
}
