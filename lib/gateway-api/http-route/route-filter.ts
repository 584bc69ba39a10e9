import { z } from 'zod';
import { localObjectReferenceSchema } from '@/lib/gateway-api/shared/refs';
import { httpHeaderFilterSchema } from '@/lib/gateway-api/http-route/header-filter';
import { httpCORSFilterSchema, httpRequestMirrorFilterSchema } from '@/lib/gateway-api/http-route/mirror-cors';
import { httpRequestRedirectFilterSchema, httpURLRewriteFilterSchema } from '@/lib/gateway-api/http-route/path-modifier';
import { celFailure } from '@/lib/validation/k8s-issue';

/**
 * HTTPRouteFilter / GRPCRouteFilter: a `type` discriminator plus one member per type (H-27,
 * H-28), with the list-level "cannot be repeated" rules (H-09, H-10). Built by one factory so
 * both route kinds carry exactly the members and CEL rules their CRD declares.
 */
const MEMBERS = {
  RequestHeaderModifier: ['requestHeaderModifier', httpHeaderFilterSchema],
  ResponseHeaderModifier: ['responseHeaderModifier', httpHeaderFilterSchema],
  RequestMirror: ['requestMirror', httpRequestMirrorFilterSchema],
  RequestRedirect: ['requestRedirect', httpRequestRedirectFilterSchema],
  URLRewrite: ['urlRewrite', httpURLRewriteFilterSchema],
  ExtensionRef: ['extensionRef', localObjectReferenceSchema],
  CORS: ['cors', httpCORSFilterSchema],
} as const;
type FilterType = keyof typeof MEMBERS;

/** CRD order of the per-member CEL rules (the order kube reports them in). */
const HTTP_RULE_ORDER: FilterType[] = ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef'];

function filterSchema<const T extends readonly FilterType[]>(enumOrder: T, ruleOrder: readonly FilterType[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const t of enumOrder) {
    const [field, schema] = MEMBERS[t];
    shape[field] = schema.optional();
  }
  return z
    .object({ type: z.enum(enumOrder as unknown as [T[number], ...T[number][]]), ...shape })
    .superRefine((f, ctx) => {
      const record = f as Record<string, unknown>;
      for (const t of ruleOrder) {
        const field = MEMBERS[t][0];
        if (record[field] !== undefined && f.type !== t) celFailure(ctx, `filter.${field} must be nil if the filter.type is not ${t}`);
        if (record[field] === undefined && f.type === t) celFailure(ctx, `filter.${field} must be specified for ${t} filter.type`);
      }
    });
}

function filterList<S extends z.ZodType<{ type: string }>>(item: S, unrepeatable: readonly FilterType[], redirectXorRewrite: boolean) {
  return z
    .array(item)
    .max(16)
    .superRefine((filters, ctx) => {
      const count = (t: string) => filters.filter((f) => f.type === t).length;
      if (redirectXorRewrite && count('RequestRedirect') > 0 && count('URLRewrite') > 0) {
        celFailure(ctx, 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both', 'array');
      }
      for (const t of unrepeatable) if (count(t) > 1) celFailure(ctx, `${t} filter cannot be repeated`, 'array');
    });
}

const httpFilter = filterSchema(
  ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'RequestRedirect', 'URLRewrite', 'ExtensionRef', 'CORS'] as const,
  HTTP_RULE_ORDER,
);
export interface HTTPRouteFilter {
  type: FilterType;
  requestHeaderModifier?: z.output<typeof httpHeaderFilterSchema>;
  responseHeaderModifier?: z.output<typeof httpHeaderFilterSchema>;
  requestMirror?: z.output<typeof httpRequestMirrorFilterSchema>;
  requestRedirect?: z.output<typeof httpRequestRedirectFilterSchema>;
  urlRewrite?: z.output<typeof httpURLRewriteFilterSchema>;
  extensionRef?: z.output<typeof localObjectReferenceSchema>;
  cors?: z.output<typeof httpCORSFilterSchema>;
}
export const httpRouteFilterSchema = httpFilter as unknown as z.ZodType<HTTPRouteFilter>;
export const httpRouteFiltersSchema = filterList(
  httpRouteFilterSchema,
  ['CORS', 'RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite'],
  true,
);

const grpcFilter = filterSchema(['ResponseHeaderModifier', 'RequestHeaderModifier', 'RequestMirror', 'ExtensionRef'] as const, [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
  'ExtensionRef',
]);
export type GRPCRouteFilter = Pick<HTTPRouteFilter, 'requestHeaderModifier' | 'responseHeaderModifier' | 'requestMirror' | 'extensionRef'> & {
  type: 'ResponseHeaderModifier' | 'RequestHeaderModifier' | 'RequestMirror' | 'ExtensionRef';
};
export const grpcRouteFilterSchema = grpcFilter as unknown as z.ZodType<GRPCRouteFilter>;
export const grpcRouteFiltersSchema = filterList(grpcRouteFilterSchema, ['RequestHeaderModifier', 'ResponseHeaderModifier'], false);
