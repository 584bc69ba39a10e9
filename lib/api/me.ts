import { z } from 'zod';

/**
 * Wire contract of `GET /api/me`: who the signed-in user is and which console areas their RBAC
 * opens. The areas are computed on the server from real authorization checks; the console only
 * uses them to decide what to show (the API still refuses what RBAC refuses).
 */

export const CONSOLE_AREAS = ['infrastructure', 'operations', 'applications'] as const;
export type ConsoleArea = (typeof CONSOLE_AREAS)[number];

/** The Gateway API persona each area serves, as the console names them. */
export const AREA_PERSONA: Record<ConsoleArea, string> = {
  infrastructure: 'Infrastructure provider',
  operations: 'Cluster operator',
  applications: 'Application developer',
};

export const meResponseSchema = z.object({
  user: z.object({
    username: z.string(),
    groups: z.array(z.string()),
  }),
  areas: z.array(z.enum(CONSOLE_AREAS)),
  /** Namespaces where the user may create HTTPRoutes (the applications area's scope). */
  applicationNamespaces: z.array(z.string()),
});

export type MeResponse = z.infer<typeof meResponseSchema>;
