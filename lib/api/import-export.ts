import { z } from 'zod';
import type { K8sObject } from '@/lib/k8s/object';

/**
 * Import and export of resources as YAML, for GitOps:
 *
 * - Export: `GET /api/export?namespace=<ns>` (every kind the caller may list there) or
 *   `GET /api/export?gateway=<ns>/<name>` (the Gateway and the routes attached to it, with
 *   the ReferenceGrants those routes use) answers multi-document YAML (`text/yaml`) of clean
 *   objects: no status and no server-set metadata. Kinds the caller may not list are left out
 *   and named in the `X-Portico-Skipped` header and a leading comment.
 * - Import runs in the browser: each YAML document is validated with lib/validation and applied
 *   through /k8s as the signed-in user (server-side apply), so RBAC and admission decide.
 */

export const EXPORT_PATH = '/api/export';
export const IMPORT_FIELD_MANAGER = 'portico-import';

/** Metadata the server sets or owns; never part of a configuration kept in Git. */
const SERVER_SET_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;

/** A copy without status and server-set metadata (and without empty annotations/labels left behind). */
export function cleanObject(obj: K8sObject): K8sObject {
  const { status: _status, ...rest } = obj as K8sObject & { status?: unknown };
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const field of SERVER_SET_METADATA) delete metadata[field];
  for (const field of ['labels', 'annotations'] as const) {
    const value = metadata[field];
    if (value && typeof value === 'object' && Object.keys(value).length === 0) delete metadata[field];
  }
  return { ...rest, metadata } as K8sObject;
}

/** The result of applying one imported document, as the import page shows it. */
export const importResultSchema = z.object({
  /** 1-based document number in the pasted YAML. */
  index: z.number().int(),
  /** `HTTPRoute team-a/shop`, or `document 3` when it has no identity. */
  label: z.string(),
  outcome: z.enum(['created', 'configured', 'unchanged', 'invalid', 'failed', 'skipped']),
  message: z.string().optional(),
  causes: z.array(z.object({ field: z.string(), message: z.string() })).default([]),
});
export type ImportResult = z.infer<typeof importResultSchema>;
