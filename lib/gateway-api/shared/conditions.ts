import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import { P_CONDITION_REASON, P_CONDITION_TYPE } from '@/lib/gateway-api/patterns';
import { reject, uniqueItems } from '@/lib/validation/k8s-issue';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** OpenAPI `format: date-time` (RFC 3339), reported the way kube-openapi reports it. */
export const dateTimeSchema = z.string().superRefine((v, ctx) => {
  if (!RFC3339.test(v)) reject(ctx, [], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(v)}: {{field}} in body must be of type date-time: ${JSON.stringify(v)}`);
});

/** metav1.Condition as the CRDs declare it. */
export const conditionSchema = z.object({
  type: z.string().max(316).regex(P_CONDITION_TYPE),
  status: z.enum(['True', 'False', 'Unknown']),
  observedGeneration: integer().min(0).optional(),
  lastTransitionTime: dateTimeSchema,
  reason: z.string().min(1).max(1024).regex(P_CONDITION_REASON),
  message: z.string().max(32768),
});
export type Condition = z.output<typeof conditionSchema>;

/** A conditions list: listType=map keyed by `type`, with the CRD's item bounds. */
export function conditionsSchema(bounds: { min?: number; max: number }) {
  let list = z.array(conditionSchema).max(bounds.max);
  if (bounds.min !== undefined) list = list.min(bounds.min);
  return list.superRefine((items, ctx) => uniqueItems(ctx, items, (c) => ({ type: c.type })));
}

/** The status defaults the CRDs declare for Gateway, ListenerSet and GatewayClass. */
export function pendingConditions(types: readonly string[]): Condition[] {
  return types.map((type) => ({
    type,
    status: 'Unknown' as const,
    reason: 'Pending',
    message: 'Waiting for controller',
    lastTransitionTime: '1970-01-01T00:00:00Z',
  }));
}
