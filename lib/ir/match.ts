import { z } from 'zod';
import { PATH_MATCH_TYPES } from '@/lib/gateway-api/http-route/matches';
import { HTTP_METHODS } from '@/lib/gateway-api/http-route/mirror-cors';

/**
 * Normalised matches in the IR: every default filled in (path `PathPrefix /`, type `Exact`),
 * header names lower-cased, duplicate names removed (first wins), lists always present.
 * The proxy compiles them with lib/routing without re-deriving any Gateway API default.
 */

export const irValueMatchSchema = z.object({
  type: z.enum(['Exact', 'RegularExpression']),
  name: z.string().min(1),
  value: z.string(),
});
export type IrValueMatch = z.infer<typeof irValueMatchSchema>;

export const irHttpMatchSchema = z.object({
  path: z.object({ type: z.enum(PATH_MATCH_TYPES), value: z.string() }),
  method: z.enum(HTTP_METHODS).optional(),
  /** Names lower-case. */
  headers: z.array(irValueMatchSchema),
  /** Names exactly as configured (case-sensitive). */
  queryParams: z.array(irValueMatchSchema),
});
export type IrHttpMatch = z.infer<typeof irHttpMatchSchema>;

export const irGrpcMatchSchema = z.object({
  method: z
    .object({
      type: z.enum(['Exact', 'RegularExpression']),
      service: z.string().min(1).optional(),
      method: z.string().min(1).optional(),
    })
    .refine((m) => m.service !== undefined || m.method !== undefined, 'service or method must be set')
    .optional(),
  headers: z.array(irValueMatchSchema),
});
export type IrGrpcMatch = z.infer<typeof irGrpcMatchSchema>;
