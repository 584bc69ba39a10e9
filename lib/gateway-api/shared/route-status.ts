import { z } from 'zod';
import { conditionsSchema } from '@/lib/gateway-api/shared/conditions';
import { controllerNameSchema } from '@/lib/gateway-api/shared/primitives';
import { parentReferenceSchema } from '@/lib/gateway-api/shared/refs';

/** V-21: RouteStatus shared by every route kind. */
export const routeParentStatusSchema = z.object({
  parentRef: parentReferenceSchema,
  controllerName: controllerNameSchema,
  conditions: conditionsSchema({ min: 1, max: 8 }),
});
export type RouteParentStatus = z.output<typeof routeParentStatusSchema>;

export const routeStatusSchema = z.object({
  parents: z.array(routeParentStatusSchema).max(32),
});
export type RouteStatus = z.output<typeof routeStatusSchema>;
