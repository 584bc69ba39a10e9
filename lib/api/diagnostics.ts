import { z } from 'zod';

/**
 * Wire contract of `GET /api/diagnostics/<kind>/<namespace>/<name>`: what the controller found
 * about a route beyond its status (rules that can never win, hostnames shared with other
 * namespaces). Routes of other namespaces carry a name only when the caller may read them.
 */

export const visibleRelatedRouteSchema = z.object({
  kind: z.enum(['HTTPRoute', 'GRPCRoute']),
  namespace: z.string(),
  name: z.string().optional(),
  /** For a shadowed rule: the rule that takes the requests first. */
  ruleIndex: z.number().int().optional(),
});

export const visibleFindingSchema = z.object({
  type: z.enum(['ShadowedRule', 'HostnameCollision']),
  ruleIndex: z.number().int().optional(),
  /** Absent on a ShadowedRule: the whole rule never serves; present: only that match never wins. */
  matchIndex: z.number().int().optional(),
  ruleName: z.string().optional(),
  /** Listener names `<gateway namespace>/<gateway>/<listener>` where the finding holds. */
  listeners: z.array(z.string()),
  hostnames: z.array(z.string()),
  message: z.string(),
  related: z.array(visibleRelatedRouteSchema),
});

export const diagnosticsResponseSchema = z.object({ findings: z.array(visibleFindingSchema) });

export type VisibleRelatedRoute = z.infer<typeof visibleRelatedRouteSchema>;
export type VisibleFinding = z.infer<typeof visibleFindingSchema>;
export type DiagnosticsResponse = z.infer<typeof diagnosticsResponseSchema>;
