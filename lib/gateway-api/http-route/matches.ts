import { z } from 'zod';
import { patternText } from '@/lib/validation/pattern-text';
import { P_PATH_CHARS } from '@/lib/gateway-api/patterns';
import { headerNameSchema, headerValueSchema } from '@/lib/gateway-api/shared/primitives';
import { HTTP_METHODS } from '@/lib/gateway-api/http-route/mirror-cors';
import { celFailure, reject, uniqueItems, type Ctx } from '@/lib/validation/k8s-issue';
import { checkRegexValue } from '@/lib/validation/regex-value';

/** HTTPRouteMatch and its parts (H-15..H-26). */

const PREFIX_TYPES = "['Exact', 'PathPrefix']";

export const PATH_MATCH_TYPES = ['Exact', 'PathPrefix', 'RegularExpression'] as const;
export interface HTTPPathMatch {
  type: (typeof PATH_MATCH_TYPES)[number];
  value: string;
}

/**
 * H-15..H-20: the ten CEL rules on HTTPPathMatch, in CRD order. `type` is checked here rather
 * than by z.enum so the CRD's own "type must be one of" rule is reported next to the enum error,
 * as kube-apiserver reports both.
 */
const pathMatchObject = z
  .object({
    type: z.string().default('PathPrefix'),
    value: z.string().max(1024).default('/'),
  })
  .superRefine((p, ctx) => {
    if (!(PATH_MATCH_TYPES as readonly string[]).includes(p.type)) {
      reject(ctx, ['type'], 'FieldValueNotSupported', `Unsupported value: ${JSON.stringify(p.type)}: supported values: "Exact", "PathPrefix", "RegularExpression"`);
    }
    const literal = p.type === 'Exact' || p.type === 'PathPrefix';
    if (literal) {
      const v = p.value;
      if (!v.startsWith('/')) celFailure(ctx, `value must be an absolute path and start with '/' when type one of ${PREFIX_TYPES}`);
      for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
        if (v.includes(bad)) celFailure(ctx, `must not contain '${bad}' when type one of ${PREFIX_TYPES}`);
      }
      if (v.endsWith('/..')) celFailure(ctx, `must not end with '/..' when type one of ${PREFIX_TYPES}`);
      if (v.endsWith('/.')) celFailure(ctx, `must not end with '/.' when type one of ${PREFIX_TYPES}`);
      if (!P_PATH_CHARS.test(v)) {
        celFailure(ctx, `must only contain valid characters (matching ${patternText(P_PATH_CHARS)}) for types ${PREFIX_TYPES}`);
      }
    }
    if (!(PATH_MATCH_TYPES as readonly string[]).includes(p.type)) celFailure(ctx, "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']");
    if (p.type === 'RegularExpression') checkRegexValue(ctx, ['value'], p.value);
  });
export const httpPathMatchSchema = pathMatchObject as unknown as z.ZodType<HTTPPathMatch, { type?: string; value?: string }>;

/** H-22 */
export const httpHeaderMatchSchema = z
  .object({
    type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
    name: headerNameSchema,
    value: headerValueSchema(4096),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'RegularExpression') checkRegexValue(ctx, ['value'], m.value);
  });
export type HTTPHeaderMatch = z.output<typeof httpHeaderMatchSchema>;

/** H-24 */
export const httpQueryParamMatchSchema = z
  .object({
    type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
    name: headerNameSchema,
    value: z.string().min(1).max(1024),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'RegularExpression') checkRegexValue(ctx, ['value'], m.value);
  });
export type HTTPQueryParamMatch = z.output<typeof httpQueryParamMatchSchema>;

/** "x-foo" -> "X-Foo", as Go's http.CanonicalHeaderKey prints it in the webhook message. */
function canonicalHeaderKey(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/**
 * H-22 (CRD listType=map, exact names) and H-23 / W-09 (webhook-era: names are
 * case-insensitive, issue #2277), both on a header match list.
 */
export function checkHeaderMatchNames(headers: readonly { name: string }[], ctx: Ctx): void {
  uniqueItems(ctx, headers, (h) => ({ name: h.name }));
  const counts = new Map<string, number>();
  for (const h of headers) counts.set(h.name.toLowerCase(), (counts.get(h.name.toLowerCase()) ?? 0) + 1);
  for (const [name, n] of counts) {
    if (n > 1) reject(ctx, [], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(canonicalHeaderKey(name))}: cannot match the same header multiple times in the same rule`);
  }
}

export const headerMatchesSchema = <T extends z.ZodType<{ name: string }>>(item: T) =>
  z.array(item).max(16).superRefine(checkHeaderMatchNames);

export const httpRouteMatchSchema = z.object({
  path: httpPathMatchSchema.prefault({}),
  headers: headerMatchesSchema(httpHeaderMatchSchema).optional(),
  queryParams: z
    .array(httpQueryParamMatchSchema)
    .max(16)
    .superRefine((items, ctx) => uniqueItems(ctx, items, (q) => ({ name: q.name })))
    .optional(),
  method: z.enum(HTTP_METHODS).optional(),
});
export type HTTPRouteMatch = z.output<typeof httpRouteMatchSchema>;
