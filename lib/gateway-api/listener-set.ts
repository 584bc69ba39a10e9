import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { conditionsSchema, pendingConditions } from '@/lib/gateway-api/shared/conditions';
import { checkListeners, listenerSchema, type Listener } from '@/lib/gateway-api/shared/listener';
import { groupSchema, kindSchema, namespaceSchema, objectNameSchema } from '@/lib/gateway-api/shared/primitives';
import { GATEWAY_GROUP } from '@/lib/gateway-api/shared/refs';
import { listenerStatusesSchema } from '@/lib/gateway-api/gateway';

/** ListenerSet (gateway.networking.k8s.io/v1, standard channel since v1.6): spec and status. */

export const parentGatewayReferenceSchema = z.object({
  group: groupSchema.default(GATEWAY_GROUP),
  kind: kindSchema.default('Gateway'),
  name: objectNameSchema,
  namespace: namespaceSchema.optional(),
});

export const listenerSetSpecSchema = z.object({
  parentRef: parentGatewayReferenceSchema,
  listeners: z
    .array(listenerSchema)
    .min(1)
    .max(64)
    .superRefine((ls: Listener[], ctx) => checkListeners(ls, ctx)),
});
export type ListenerSetSpec = z.output<typeof listenerSetSpecSchema>;

export const listenerSetStatusSchema = z.object({
  conditions: conditionsSchema({ max: 8 }).prefault(() => pendingConditions(['Accepted', 'Programmed'])),
  listeners: listenerStatusesSchema.optional(),
});
export type ListenerSetStatus = z.output<typeof listenerSetStatusSchema>;

export type ListenerSet = TypedObject<ListenerSetSpec, ListenerSetStatus>;
