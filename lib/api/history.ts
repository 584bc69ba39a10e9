import { z } from 'zod';

/**
 * Wire contract of an object's change history: every create, update, patch and delete made
 * through Portico's /k8s API by a user (status writes are not changes of intent and are left out).
 *
 * - `GET /api/history/<group>/<kind>/<namespace>/<name>`: the entries, newest first. `<group>` is
 *   `core` for the core group; `<namespace>` is `_` for cluster-scoped kinds. Needs `get` on the
 *   object (checked before anything is revealed).
 * - `POST /api/history/<group>/<kind>/<namespace>/<name>/restore` with `{id}`: re-applies that
 *   entry's version of the object through /k8s with the caller's own credentials, so RBAC,
 *   validation and optimistic concurrency apply as to any write (and the restore is recorded too).
 */

export const HISTORY_PATH = '/api/history';
export const CLUSTER_SCOPE = '_';
export const CORE_GROUP = 'core';

export const diffLineSchema = z.object({
  op: z.enum(['add', 'remove', 'same']),
  text: z.string(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

export const historyEntrySchema = z.object({
  id: z.number().int(),
  /** RFC 3339 */
  time: z.string(),
  user: z.string(),
  verb: z.enum(['create', 'update', 'patch', 'delete']),
  /** The object's resourceVersion after the change (before it, for a delete). */
  resourceVersion: z.string(),
  /** YAML lines of the object before and after (server-set fields left out); unchanged runs are elided to `…`. */
  diff: z.array(diffLineSchema),
  /** Whether restoring this entry is possible (it holds a version of the object). */
  restorable: z.boolean(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyResponseSchema = z.object({ entries: z.array(historyEntrySchema) });
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

export const restoreBodySchema = z.object({ id: z.number().int() });
export type RestoreBody = z.infer<typeof restoreBodySchema>;

export const restoreResponseSchema = z.object({
  /** `created` when the object was gone and is created again. */
  action: z.enum(['updated', 'created']),
  resourceVersion: z.string(),
});
export type RestoreResponse = z.infer<typeof restoreResponseSchema>;

/** `/api/history/gateway.networking.k8s.io/HTTPRoute/team-a/storefront` */
export function historyPath(ref: { group: string; kind: string; namespace?: string | undefined; name: string }): string {
  const parts = [ref.group === '' ? CORE_GROUP : ref.group, ref.kind, ref.namespace || CLUSTER_SCOPE, ref.name];
  return `${HISTORY_PATH}/${parts.map(encodeURIComponent).join('/')}`;
}
