import { z } from 'zod';
import { INT32_MAX, integer } from '@/lib/validation/integer';
import { P_CORS_ORIGIN } from '@/lib/gateway-api/patterns';
import { headerNameSchema } from '@/lib/gateway-api/shared/primitives';
import { backendObjectReferenceSchema } from '@/lib/gateway-api/shared/refs';
import { celFailure, uniqueItems } from '@/lib/validation/k8s-issue';

/** V-19: Fraction. */
export const fractionSchema = z
  .object({
    numerator: integer().min(0).max(INT32_MAX),
    denominator: integer().min(1).max(INT32_MAX).default(100),
  })
  .superRefine((f, ctx) => {
    if (f.numerator > f.denominator) celFailure(ctx, 'numerator must be less than or equal to denominator');
  });

/** H-34: HTTPRequestMirrorFilter (also used by GRPCRoute). */
export const httpRequestMirrorFilterSchema = z
  .object({
    backendRef: backendObjectReferenceSchema,
    percent: integer().min(0).max(100).optional(),
    fraction: fractionSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.percent !== undefined && m.fraction !== undefined) celFailure(ctx, 'Only one of percent or fraction may be specified in HTTPRequestMirrorFilter');
  });
export type HTTPRequestMirrorFilter = z.output<typeof httpRequestMirrorFilterSchema>;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const;

/** A listType=set of strings where `*` must stand alone (H-35..H-37). */
function starAloneSet<T extends z.ZodType<string>>(item: T, max: number, message: string) {
  return z
    .array(item)
    .max(max)
    .superRefine((items, ctx) => {
      uniqueItems(ctx, items, (s) => s);
      if ((items as string[]).includes('*') && items.length > 1) celFailure(ctx, message, 'array');
    });
}

/** H-35..H-38: HTTPCORSFilter. The "other methods" wording for headers is upstream's (sic). */
export const httpCORSFilterSchema = z.object({
  allowOrigins: starAloneSet(z.string().min(1).max(253).regex(P_CORS_ORIGIN), 64, "AllowOrigins cannot contain '*' alongside other origins").optional(),
  allowCredentials: z.boolean().optional(),
  allowMethods: starAloneSet(z.enum([...HTTP_METHODS, '*']), 9, "AllowMethods cannot contain '*' alongside other methods").optional(),
  allowHeaders: starAloneSet(headerNameSchema, 64, "AllowHeaders cannot contain '*' alongside other methods").optional(),
  exposeHeaders: z
    .array(headerNameSchema)
    .max(64)
    .superRefine((items, ctx) => uniqueItems(ctx, items, (s) => s))
    .optional(),
  maxAge: integer().min(1).max(INT32_MAX).default(5),
});
export type HTTPCORSFilter = z.output<typeof httpCORSFilterSchema>;
