import { z } from 'zod';

/**
 * Wire contracts of the impact previews, computed on the server from the controller's latest
 * snapshot with the same graph builder the controller uses:
 *
 * - `GET /api/reference-grants/<namespace>/<name>/impact`: which objects' cross-namespace
 *   references this grant permits now (`enabled`) and which of them no other grant covers, so
 *   deleting it would break them (`breaksIfDeleted`: they turn ResolvedRefs=False RefNotPermitted).
 * - `POST /api/reference-grants/impact` with a proposed ReferenceGrant (not yet created): what it would enable.
 * - `POST /api/gateways/impact` with a proposed Gateway (a new one or an edit): which attached
 *   routes would lose listeners (`detached`), which would gain some (`attached`), and the
 *   listeners' predicted verdicts.
 *
 * Referrers the caller may not `get` keep only their kind and namespace (no name).
 * Errors are `{error: {code, message}}`: 401, 403 (RBAC), 404, 422 (not an object of that kind).
 */

export const REFERENCE_GRANTS_IMPACT_PATH = '/api/reference-grants';
export const GATEWAYS_IMPACT_PATH = '/api/gateways/impact';

export const impactTargetSchema = z.object({
  group: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** Where the reference is, e.g. `spec.rules[2].backendRefs[0]`. */
  field: z.string(),
});
export type ImpactTarget = z.infer<typeof impactTargetSchema>;

export const impactedObjectSchema = z.object({
  kind: z.string(),
  namespace: z.string(),
  /** Absent when the caller may not read the object. */
  name: z.string().optional(),
  references: z.array(impactTargetSchema),
});
export type ImpactedObject = z.infer<typeof impactedObjectSchema>;

export const referenceGrantImpactSchema = z.object({
  grant: z.object({ namespace: z.string(), name: z.string() }),
  enabled: z.array(impactedObjectSchema),
  breaksIfDeleted: z.array(impactedObjectSchema),
});
export type ReferenceGrantImpact = z.infer<typeof referenceGrantImpactSchema>;

export const routeAttachmentChangeSchema = z.object({
  kind: z.string(),
  namespace: z.string(),
  name: z.string().optional(),
  /** Listener names the route is attached to now, and would be with the proposed Gateway. */
  before: z.array(z.string()),
  after: z.array(z.string()),
  /** True when the route would have no listener of this Gateway left. */
  fully: z.boolean(),
});
export type RouteAttachmentChange = z.infer<typeof routeAttachmentChangeSchema>;

export const listenerVerdictSchema = z.object({
  name: z.string(),
  accepted: z.boolean(),
  /** The first problem (not accepted, unresolved refs, conflicted) in the controller's words. */
  problem: z.object({ type: z.string(), reason: z.string(), message: z.string() }).optional(),
});
export type ListenerVerdict = z.infer<typeof listenerVerdictSchema>;

export const gatewayImpactSchema = z.object({
  gateway: z.object({ namespace: z.string(), name: z.string() }),
  /** False when the proposed Gateway would not be Portico's (class not ours or not accepted). */
  managed: z.boolean(),
  detached: z.array(routeAttachmentChangeSchema),
  attached: z.array(routeAttachmentChangeSchema),
  listeners: z.array(listenerVerdictSchema),
});
export type GatewayImpact = z.infer<typeof gatewayImpactSchema>;

export function referenceGrantImpactPath(namespace: string, name: string): string {
  return `${REFERENCE_GRANTS_IMPACT_PATH}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/impact`;
}
