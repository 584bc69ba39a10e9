import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { P_GRPC_METHOD, P_GRPC_SERVICE } from '@/lib/gateway-api/patterns';
import { hostnameSchema, sectionNameSchema } from '@/lib/gateway-api/shared/primitives';
import { backendRefShape, parentRefsSchema, requireServicePort } from '@/lib/gateway-api/shared/refs';
import { routeStatusSchema } from '@/lib/gateway-api/shared/route-status';
import { headerMatchesSchema, httpHeaderMatchSchema } from '@/lib/gateway-api/http-route/matches';
import { grpcRouteFiltersSchema } from '@/lib/gateway-api/http-route/route-filter';
import { celFailure } from '@/lib/validation/k8s-issue';
import { checkRegexValue } from '@/lib/validation/regex-value';

/** GRPCRoute (gateway.networking.k8s.io/v1, standard channel): spec and status. */

export const grpcMethodMatchSchema = z
  .object({
    type: z.enum(['Exact', 'RegularExpression']).default('Exact'),
    service: z.string().max(1024).optional(),
    method: z.string().max(1024).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.service === undefined && m.method === undefined) celFailure(ctx, "One or both of 'service' or 'method' must be specified");
    if (m.type === 'Exact' && m.service !== undefined && !P_GRPC_SERVICE.test(m.service)) {
      celFailure(ctx, 'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)');
    }
    if (m.type === 'Exact' && m.method !== undefined && !P_GRPC_METHOD.test(m.method)) {
      celFailure(ctx, 'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)');
    }
    if (m.type === 'RegularExpression') {
      checkRegexValue(ctx, ['service'], m.service);
      checkRegexValue(ctx, ['method'], m.method);
    }
  });

/** GRPCHeaderMatch has exactly HTTPHeaderMatch's shape and rules in the CRD. */
export const grpcHeaderMatchSchema = httpHeaderMatchSchema;

export const grpcRouteMatchSchema = z.object({
  method: grpcMethodMatchSchema.optional(),
  headers: headerMatchesSchema(grpcHeaderMatchSchema).optional(),
});

export const grpcBackendRefSchema = z
  .object({ ...backendRefShape, filters: grpcRouteFiltersSchema.optional() })
  .superRefine(requireServicePort);

export const grpcRouteRuleSchema = z.object({
  name: sectionNameSchema.optional(),
  matches: z.array(grpcRouteMatchSchema).max(64).optional(),
  filters: grpcRouteFiltersSchema.optional(),
  backendRefs: z.array(grpcBackendRefSchema).max(16).optional(),
});

export const grpcRouteSpecSchema = z.object({
  parentRefs: parentRefsSchema.optional(),
  hostnames: z.array(hostnameSchema).max(16).optional(),
  rules: z
    .array(grpcRouteRuleSchema)
    .max(16)
    .superRefine((rules, ctx) => {
      const total = rules.reduce((n, r) => n + (r.matches?.length ?? 0), 0);
      if (total > 128) {
        celFailure(
          ctx,
          'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
          'array',
        );
      }
    })
    .optional(),
});
export type GRPCRouteSpec = z.output<typeof grpcRouteSpecSchema>;
export type GRPCRouteRule = z.output<typeof grpcRouteRuleSchema>;
export type GRPCRouteMatch = z.output<typeof grpcRouteMatchSchema>;

export const grpcRouteStatusSchema = routeStatusSchema;
export type GRPCRouteStatus = z.output<typeof grpcRouteStatusSchema>;

export type GRPCRoute = TypedObject<GRPCRouteSpec, GRPCRouteStatus>;
