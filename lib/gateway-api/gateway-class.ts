import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { conditionsSchema, pendingConditions } from '@/lib/gateway-api/shared/conditions';
import { controllerNameSchema, groupSchema, kindSchema, namespaceSchema } from '@/lib/gateway-api/shared/primitives';
import { uniqueItems } from '@/lib/validation/k8s-issue';

/** GatewayClass (gateway.networking.k8s.io/v1, cluster-scoped): spec and status (C-01..C-05). */

/** C-03 */
export const parametersReferenceSchema = z.object({
  group: groupSchema,
  kind: kindSchema,
  name: z.string().min(1).max(253),
  namespace: namespaceSchema.optional(),
});

export const gatewayClassSpecSchema = z.object({
  /** C-01: immutable; the `self == oldSelf` rule is checked by checkGatewayClassTransition. */
  controllerName: controllerNameSchema,
  parametersRef: parametersReferenceSchema.optional(),
  /** C-02 */
  description: z.string().max(64).optional(),
});
export type GatewayClassSpec = z.output<typeof gatewayClassSpecSchema>;

/** C-04 */
export const gatewayClassStatusSchema = z.object({
  conditions: conditionsSchema({ max: 8 }).prefault(() => pendingConditions(['Accepted'])),
  supportedFeatures: z
    .array(z.object({ name: z.string() }))
    .max(64)
    .superRefine((items, ctx) => uniqueItems(ctx, items, (f) => ({ name: f.name })))
    .optional(),
});
export type GatewayClassStatus = z.output<typeof gatewayClassStatusSchema>;

export type GatewayClass = TypedObject<GatewayClassSpec, GatewayClassStatus>;
