import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { conditionsSchema, dateTimeSchema } from '@/lib/gateway-api/shared/conditions';
import { groupSchema, kindSchema, namespaceSchema, objectNameSchema } from '@/lib/gateway-api/shared/primitives';

/**
 * AccessRequest (portico.dev/v1alpha1): an app team asks to reference something in another
 * namespace. The referencing side is `spec.from` in the request's own namespace; `spec.to`
 * names the target namespace and kind (and optionally one object). Approval turns it into a
 * ReferenceGrant in the target namespace, named in `status.referenceGrantName`.
 */

export const accessRequestSpecSchema = z.object({
  from: z.object({ group: groupSchema, kind: kindSchema }),
  to: z.object({
    group: groupSchema,
    kind: kindSchema,
    namespace: namespaceSchema,
    name: objectNameSchema.optional(),
  }),
  reason: z.string().min(1).max(1024),
});
export type AccessRequestSpec = z.output<typeof accessRequestSpecSchema>;

export const ACCESS_REQUEST_PHASES = ['Pending', 'Approved', 'Denied'] as const;

export const accessRequestStatusSchema = z.object({
  phase: z.enum(ACCESS_REQUEST_PHASES).default('Pending'),
  decidedBy: z.string().max(253).optional(),
  decidedAt: dateTimeSchema.optional(),
  message: z.string().max(32768).optional(),
  referenceGrantName: objectNameSchema.optional(),
  conditions: conditionsSchema({ max: 8 }).optional(),
});
export type AccessRequestStatus = z.output<typeof accessRequestStatusSchema>;

export type AccessRequest = TypedObject<AccessRequestSpec, AccessRequestStatus>;
