import { findResourceTypeByKind, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import type { StatusCause } from '@/lib/k8s/status-error';
import { validateResource, type ValidationResult } from '@/lib/validation/validate-resource';

/**
 * Helpers for the table-driven validation tests: build an object of a kind around a body,
 * validate it, and compare causes by field and message.
 */

const GROUPS: Record<string, string> = {
  Namespace: '',
  Service: '',
  Secret: '',
  ConfigMap: '',
  EndpointSlice: 'discovery.k8s.io',
  Role: 'rbac.authorization.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  RoleBinding: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
  Lease: 'coordination.k8s.io',
  AccessRequest: 'portico.dev',
};

export function resourceTypeOf(kind: string): ResourceType {
  const type = findResourceTypeByKind(GROUPS[kind] ?? 'gateway.networking.k8s.io', kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  return type;
}

export function objectOf(kind: string, body: Record<string, unknown>, name = 'example'): K8sObject {
  const type = resourceTypeOf(kind);
  const apiVersion = type.group ? `${type.group}/${type.versions[0]?.name ?? 'v1'}` : 'v1';
  return { apiVersion, kind, metadata: { name, ...(type.namespaced ? { namespace: 'default' } : {}) }, ...body };
}

export function validateBody(kind: string, body: Record<string, unknown>, old?: K8sObject): ValidationResult {
  return validateResource(resourceTypeOf(kind), objectOf(kind, body), 'object', old);
}

export function validateStatusOf(kind: string, status: unknown): ValidationResult {
  return validateResource(resourceTypeOf(kind), { ...objectOf(kind, {}), status }, 'status');
}

/** A compact `field: message` line per cause, for readable assertions and failure output. */
export function lines(causes: readonly StatusCause[]): string[] {
  return causes.map((c) => `${c.field}: ${c.message}`);
}

/** A row of a CEL/validation table: the object, and the `field: message` lines it must produce. */
export interface Row {
  name: string;
  body: Record<string, unknown>;
  /** Lines that must all be among the causes; empty means the object is valid (zero causes). */
  want: string[];
  /** The stored object's body, for update rules (CEL `oldSelf`, immutable fields). */
  old?: Record<string, unknown>;
  /** Validate `body.status` through the status subresource instead of the object. */
  part?: 'status';
}

/** A kind's table of rows. */
export interface KindCases {
  kind: string;
  rows: Row[];
}

/** The `field: message` lines a row's object produces. */
export function rowLines(kind: string, row: Row): string[] {
  if (row.part === 'status') return lines(validateStatusOf(kind, row.body.status).causes);
  return lines(validateBody(kind, row.body, row.old ? objectOf(kind, row.old) : undefined).causes);
}

/** Deep-merges `patch` into a copy of `base` (arrays replace). */
export function withPatch<T>(base: T, patch: unknown): T {
  if (patch === undefined) return structuredClone(base);
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return structuredClone(patch) as T;
  }
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) out[k] = withPatch(out[k], v);
  return out as T;
}
