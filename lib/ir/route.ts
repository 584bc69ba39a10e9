import { z } from 'zod';
import { irServiceTargetSchema } from '@/lib/ir/backend';
import { irFilterSchema } from '@/lib/ir/filters';
import { irGrpcMatchSchema, irHttpMatchSchema } from '@/lib/ir/match';

/**
 * Rules and route entries. A rule (filters, timeouts, weighted backends) appears once per
 * listener in `IrListener.rules`; route entries, one per (route, rule, match) and virtual host,
 * point to it by id. So a rule is compiled once however many matches and hostnames lead to it,
 * and the golden YAML shows each rule once.
 *
 * Ids are stable and readable: rule `HTTPRoute/<ns>/<name>/<ruleIndex>`, entry
 * `<rule id>/<matchIndex>`.
 */

export const IR_ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'] as const;
export type IrRouteKind = (typeof IR_ROUTE_KINDS)[number];

const ruleSourceShape = {
  kind: z.enum(IR_ROUTE_KINDS),
  namespace: z.string(),
  name: z.string(),
  ruleIndex: z.number().int().min(0),
  ruleName: z.string().optional(),
};
export const irRuleSourceSchema = z.object(ruleSourceShape);
export type IrRuleSource = z.infer<typeof irRuleSourceSchema>;

export const irBackendSchema = z.discriminatedUnion('kind', [
  irServiceTargetSchema.extend({
    kind: z.literal('service'),
    weight: z.number().int().min(0),
    /** BackendRef-level filters: run only when this backend is picked. */
    filters: z.array(irFilterSchema),
  }),
  z.object({
    kind: z.literal('invalid'),
    weight: z.number().int().min(0),
    /** The ResolvedRefs reason (BackendNotFound, RefNotPermitted, InvalidKind, UnsupportedProtocol). */
    reason: z.string(),
    message: z.string(),
  }),
]);
export type IrBackend = z.infer<typeof irBackendSchema>;

export const irTimeoutsSchema = z.object({
  /** rules[].timeouts.request in ms; 0 disables; absent means the proxy default. */
  requestMs: z.number().int().min(0).optional(),
  backendRequestMs: z.number().int().min(0).optional(),
});
export type IrTimeouts = z.infer<typeof irTimeoutsSchema>;

export const irRuleSchema = z.object({
  id: z.string(),
  source: irRuleSourceSchema,
  filters: z.array(irFilterSchema),
  timeouts: irTimeoutsSchema.optional(),
  /** Empty (or all weight 0) with no answering filter: every request gets 500 (gRPC UNAVAILABLE). */
  backends: z.array(irBackendSchema),
});
export type IrRule = z.infer<typeof irRuleSchema>;

const entrySourceSchema = z.object({ ...ruleSourceShape, matchIndex: z.number().int().min(0) });
export type IrRouteSource = z.infer<typeof entrySourceSchema>;

export const irRouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('HTTPRoute'), id: z.string(), rule: z.string(), source: entrySourceSchema, match: irHttpMatchSchema }),
  z.object({ kind: z.literal('GRPCRoute'), id: z.string(), rule: z.string(), source: entrySourceSchema, match: irGrpcMatchSchema }),
]);
export type IrRoute = z.infer<typeof irRouteSchema>;
export type IrHttpRoute = Extract<IrRoute, { kind: 'HTTPRoute' }>;
export type IrGrpcRoute = Extract<IrRoute, { kind: 'GRPCRoute' }>;

/** `HTTPRoute/ns/name/2` */
export function irRuleId(source: Pick<IrRuleSource, 'kind' | 'namespace' | 'name' | 'ruleIndex'>): string {
  return `${source.kind}/${source.namespace}/${source.name}/${source.ruleIndex}`;
}

/** `HTTPRoute/ns/name/2/0` */
export function irRouteId(source: Pick<IrRouteSource, 'kind' | 'namespace' | 'name' | 'ruleIndex' | 'matchIndex'>): string {
  return `${irRuleId(source)}/${source.matchIndex}`;
}
