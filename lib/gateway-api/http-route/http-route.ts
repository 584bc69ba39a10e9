import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { durationMillis, durationSchema, hostnameSchema, sectionNameSchema } from '@/lib/gateway-api/shared/primitives';
import { backendRefShape, parentRefsSchema, requireServicePort } from '@/lib/gateway-api/shared/refs';
import { routeStatusSchema } from '@/lib/gateway-api/shared/route-status';
import { httpRouteMatchSchema, type HTTPRouteMatch } from '@/lib/gateway-api/http-route/matches';
import { httpRouteFiltersSchema, type HTTPRouteFilter } from '@/lib/gateway-api/http-route/route-filter';
import { celFailure, type Ctx } from '@/lib/validation/k8s-issue';

/** HTTPRoute (gateway.networking.k8s.io/v1, standard channel): spec and status. */

export const httpBackendRefSchema = z
  .object({ ...backendRefShape, filters: httpRouteFiltersSchema.optional() })
  .superRefine(requireServicePort);
export type HTTPBackendRef = z.output<typeof httpBackendRefSchema>;

/** H-13 */
export const httpRouteTimeoutsSchema = z
  .object({ request: durationSchema.optional(), backendRequest: durationSchema.optional() })
  .superRefine((t, ctx) => {
    if (t.request === undefined || t.backendRequest === undefined) return;
    const request = durationMillis(t.request);
    if (request !== 0 && durationMillis(t.backendRequest) > request) {
      celFailure(ctx, 'backendRequest timeout cannot be longer than request timeout');
    }
  });

const defaultMatches = (): HTTPRouteMatch[] => [{ path: { type: 'PathPrefix', value: '/' } }];

export const httpRouteRuleSchema = z
  .object({
    name: sectionNameSchema.optional(),
    matches: z.array(httpRouteMatchSchema).max(64).prefault(defaultMatches),
    filters: httpRouteFiltersSchema.optional(),
    backendRefs: z.array(httpBackendRefSchema).max(16).optional(),
    timeouts: httpRouteTimeoutsSchema.optional(),
  })
  .superRefine(checkRule);
export type HTTPRouteRule = z.output<typeof httpRouteRuleSchema>;

const replacesPrefix = (f: HTTPRouteFilter, member: 'requestRedirect' | 'urlRewrite') =>
  f[member]?.path?.type === 'ReplacePrefixMatch' && f[member]?.path?.replacePrefixMatch !== undefined;

/** Exactly one match, and it is a PathPrefix match (H-06..H-08). */
const singlePrefixMatch = (matches: HTTPRouteMatch[]) => matches.length === 1 && matches[0]?.path.type === 'PathPrefix';

const exactlyOne = <T>(items: readonly T[] | undefined, pred: (item: T) => boolean) => (items ?? []).filter(pred).length === 1;

/** H-05..H-08: the five CEL rules on HTTPRouteRule, in CRD order. */
function checkRule(rule: { matches: HTTPRouteMatch[]; filters?: HTTPRouteFilter[] | undefined; backendRefs?: HTTPBackendRef[] | undefined }, ctx: Ctx): void {
  const { matches, filters, backendRefs } = rule;
  if (backendRefs && backendRefs.length > 0 && filters?.some((f) => f.requestRedirect !== undefined)) {
    celFailure(ctx, 'RequestRedirect filter must not be used together with backendRefs');
  }
  const prefixOk = singlePrefixMatch(matches);
  if (exactlyOne(filters, (f) => replacesPrefix(f, 'requestRedirect')) && !prefixOk) {
    celFailure(ctx, 'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
  }
  if (exactlyOne(filters, (f) => replacesPrefix(f, 'urlRewrite')) && !prefixOk) {
    celFailure(ctx, 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
  }
  if (exactlyOne(backendRefs, (b) => exactlyOne(b.filters, (f) => replacesPrefix(f, 'requestRedirect'))) && !prefixOk) {
    celFailure(ctx, 'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
  }
  if (exactlyOne(backendRefs, (b) => exactlyOne(b.filters, (f) => replacesPrefix(f, 'urlRewrite'))) && !prefixOk) {
    celFailure(ctx, 'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
  }
}

const defaultRules = () => [{ matches: defaultMatches() }];

/** H-04: "less than 128" in the message, `<= 128` in the rule: exactly 128 passes. */
const MAX_TOTAL_MATCHES = 128;

export const httpRouteSpecSchema = z.object({
  parentRefs: parentRefsSchema.optional(),
  hostnames: z.array(hostnameSchema).max(16).optional(),
  rules: z
    .array(httpRouteRuleSchema)
    .min(1)
    .max(16)
    .prefault(defaultRules)
    .superRefine((rules, ctx) => {
      const total = rules.reduce((n, r) => n + r.matches.length, 0);
      if (total > MAX_TOTAL_MATCHES) {
        celFailure(
          ctx,
          'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
          'array',
        );
      }
    }),
});
export type HTTPRouteSpec = z.output<typeof httpRouteSpecSchema>;

export const httpRouteStatusSchema = routeStatusSchema;
export type HTTPRouteStatus = z.output<typeof httpRouteStatusSchema>;

export type HTTPRoute = TypedObject<HTTPRouteSpec, HTTPRouteStatus>;
