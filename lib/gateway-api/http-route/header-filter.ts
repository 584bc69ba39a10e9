import { z } from 'zod';
import { headerNameSchema, headerValueSchema } from '@/lib/gateway-api/shared/primitives';
import { reject, uniqueItems, type Ctx } from '@/lib/validation/k8s-issue';

/** HTTPHeaderFilter (H-29, H-30), shared by HTTPRoute and GRPCRoute header modifiers. */
export const httpHeaderSchema = z.object({
  name: headerNameSchema,
  value: headerValueSchema(4096),
});
export type HTTPHeader = z.output<typeof httpHeaderSchema>;

const headerList = z
  .array(httpHeaderSchema)
  .max(16)
  .superRefine((items, ctx) => uniqueItems(ctx, items, (h) => ({ name: h.name })));

export const httpHeaderFilterSchema = z
  .object({
    set: headerList.optional(),
    add: headerList.optional(),
    remove: z
      .array(z.string())
      .max(16)
      .superRefine((items, ctx) => uniqueItems(ctx, items, (h) => h))
      .optional(),
  })
  .superRefine(checkSingleActionPerHeader);
export type HTTPHeaderFilter = z.output<typeof httpHeaderFilterSchema>;

/**
 * H-30 / W-10 (webhook-era, not in the CRD, issue #3407): a header name gets one action across
 * set, add and remove, compared case-insensitively. Reported at the later occurrence, with the
 * webhook's message.
 */
function checkSingleActionPerHeader(filter: { set?: { name: string }[] | undefined; add?: { name: string }[] | undefined; remove?: string[] | undefined }, ctx: Ctx): void {
  const seen = new Map<string, boolean>();
  const visit = (list: 'add' | 'set' | 'remove', i: number, name: string) => {
    const key = name.toLowerCase();
    if (seen.has(key)) {
      if (seen.get(key)) reject(ctx, [list, i], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(name)}: cannot specify multiple actions for header`);
      seen.set(key, false);
    } else {
      seen.set(key, true);
    }
  };
  filter.add?.forEach((h, i) => visit('add', i, h.name));
  filter.set?.forEach((h, i) => visit('set', i, h.name));
  filter.remove?.forEach((n, i) => visit('remove', i, n));
}
