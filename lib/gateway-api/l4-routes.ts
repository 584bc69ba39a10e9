import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import type { RouteStatus } from '@/lib/gateway-api/shared/route-status';
import { P_PRECISE_HOST } from '@/lib/gateway-api/patterns';
import { hostnamePatternSchema, sectionNameSchema } from '@/lib/gateway-api/shared/primitives';
import { backendRefSchema, parentRefsSchema } from '@/lib/gateway-api/shared/refs';
import { routeStatusSchema } from '@/lib/gateway-api/shared/route-status';
import { isIP } from '@/lib/validation/ip-address';
import { celFailure } from '@/lib/validation/k8s-issue';

/**
 * TLSRoute, TCPRoute and UDPRoute (gateway.networking.k8s.io/v1, standard channel since v1.6):
 * one rule of 1..16 backendRefs, no matches or filters.
 */

const l4RuleSchema = z.object({
  name: sectionNameSchema.optional(),
  backendRefs: z.array(backendRefSchema).min(1).max(16),
});
export type L4RouteRule = z.output<typeof l4RuleSchema>;

const l4Rules = z.array(l4RuleSchema).min(1).max(1);

export const tcpRouteSpecSchema = z.object({
  parentRefs: parentRefsSchema.optional(),
  rules: l4Rules,
});
export type TCPRouteSpec = z.output<typeof tcpRouteSpecSchema>;

export const udpRouteSpecSchema = tcpRouteSpecSchema;
export type UDPRouteSpec = TCPRouteSpec;

/** The three CEL rules on TLSRoute hostnames, in CRD order. */
const tlsHostnamesSchema = z
  .array(hostnamePatternSchema)
  .min(1)
  .max(1024)
  .superRefine((hosts, ctx) => {
    if (hosts.some((h) => isIP(h))) celFailure(ctx, 'Hostnames cannot contain an IP', 'array');
    if (hosts.some((h) => !h.includes('*') && !P_PRECISE_HOST.test(h))) celFailure(ctx, 'Hostnames must be valid based on RFC-1123', 'array');
    if (hosts.some((h) => h.includes('*') && !(h.startsWith('*.') && P_PRECISE_HOST.test(h.slice(2))))) {
      celFailure(ctx, 'Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123', 'array');
    }
  });

export const tlsRouteSpecSchema = z.object({
  parentRefs: parentRefsSchema.optional(),
  hostnames: tlsHostnamesSchema,
  rules: l4Rules,
});
export type TLSRouteSpec = z.output<typeof tlsRouteSpecSchema>;

export const l4RouteStatusSchema = routeStatusSchema;

export type TLSRoute = TypedObject<TLSRouteSpec, RouteStatus>;
export type TCPRoute = TypedObject<TCPRouteSpec, RouteStatus>;
export type UDPRoute = TypedObject<UDPRouteSpec, RouteStatus>;
