import { z } from 'zod';
import { irServiceTargetSchema } from '@/lib/ir/backend';

/**
 * Normalised filters (SEMANTICS 5), in the order they appear on the rule or backendRef.
 * Defaults are filled in (redirect statusCode, mirror fraction, CORS maxAge and lists).
 */

const headerPair = z.object({ name: z.string().min(1), value: z.string() });

const headerModifier = {
  set: z.array(headerPair),
  add: z.array(headerPair),
  remove: z.array(z.string().min(1)),
};

const pathModifier = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ReplaceFullPath'), value: z.string() }),
  /** Replaces the rule's single PathPrefix match (the route entry's match.path.value). */
  z.object({ type: z.literal('ReplacePrefixMatch'), value: z.string() }),
]);
export type IrPathModifier = z.infer<typeof pathModifier>;

export const irFilterSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RequestHeaderModifier'), ...headerModifier }),
  z.object({ type: z.literal('ResponseHeaderModifier'), ...headerModifier }),
  z.object({
    type: z.literal('RequestRedirect'),
    scheme: z.enum(['http', 'https']).optional(),
    hostname: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    path: pathModifier.optional(),
    statusCode: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]),
  }),
  z.object({ type: z.literal('URLRewrite'), hostname: z.string().optional(), path: pathModifier.optional() }),
  z.object({
    type: z.literal('RequestMirror'),
    target: irServiceTargetSchema,
    /** Share of requests mirrored: numerator/denominator (100% when the filter set none). */
    fraction: z.object({ numerator: z.number().int().min(0), denominator: z.number().int().min(1) }),
  }),
  z.object({
    type: z.literal('CORS'),
    allowOrigins: z.array(z.string()),
    allowMethods: z.array(z.string()),
    allowHeaders: z.array(z.string()),
    exposeHeaders: z.array(z.string()),
    allowCredentials: z.boolean(),
    maxAge: z.number().int().min(1),
  }),
  /**
   * A filter the controller could not resolve (an ExtensionRef to an unknown kind or a missing
   * object): it must not be skipped, so requests through it get 500 (GEP-1364).
   */
  z.object({ type: z.literal('Invalid'), reason: z.string(), message: z.string() }),
]);
export type IrFilter = z.infer<typeof irFilterSchema>;
export type IrFilterType = IrFilter['type'];
