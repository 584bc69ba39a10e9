import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { groupSchema, kindSchema, namespaceSchema, objectNameSchema } from '@/lib/gateway-api/shared/primitives';

/** ReferenceGrant (gateway.networking.k8s.io/v1beta1 storage, v1 served; no status): R-01..R-03. */

export const referenceGrantFromSchema = z.object({
  group: groupSchema,
  kind: kindSchema,
  namespace: namespaceSchema,
});
export type ReferenceGrantFrom = z.output<typeof referenceGrantFromSchema>;

export const referenceGrantToSchema = z.object({
  group: groupSchema,
  kind: kindSchema,
  name: objectNameSchema.optional(),
});
export type ReferenceGrantTo = z.output<typeof referenceGrantToSchema>;

export const referenceGrantSpecSchema = z.object({
  from: z.array(referenceGrantFromSchema).min(1).max(16),
  to: z.array(referenceGrantToSchema).min(1).max(16),
});
export type ReferenceGrantSpec = z.output<typeof referenceGrantSpecSchema>;

export type ReferenceGrant = TypedObject<ReferenceGrantSpec>;
