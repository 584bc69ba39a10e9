import { z } from 'zod';

/**
 * Wire contract of `GET /api/proxies`: the proxies serving Portico's Gateways, as the control
 * plane knows them from the snapshot protocol (their latest acknowledgement) and, for the
 * bundled proxy when its admin port is known, its request counters (`/stats` on the admin API).
 * Requests per second are measured between two consecutive calls of this endpoint (null on the
 * first call, or when no counters are readable). Needs `list gatewayclasses` (the
 * infrastructure view); per-Gateway numbers only for Gateways the caller may `get`.
 */

export const PROXIES_PATH = '/api/proxies';

export const proxyGatewayStatsSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  requestsTotal: z.number(),
  requestsPerSecond: z.number().nullable(),
});

export const proxyInfoSchema = z.object({
  id: z.string(),
  /** Whether the proxy answered its admin API just now; null when it cannot be asked (remote, ephemeral port). */
  connected: z.boolean().nullable(),
  lastAckAt: z.string().nullable(),
  /** The routing snapshot version it serves, and whether that is the one published now. */
  appliedVersion: z.string().nullable(),
  upToDate: z.boolean(),
  rejectedReason: z.string().optional(),
  listeners: z.array(z.object({ name: z.string(), bound: z.boolean(), address: z.string().optional(), reason: z.string().optional() })),
  requestsTotal: z.number().nullable(),
  requestsPerSecond: z.number().nullable(),
  gateways: z.array(proxyGatewayStatsSchema),
});
export type ProxyInfo = z.infer<typeof proxyInfoSchema>;

export const proxiesResponseSchema = z.object({
  publishedVersion: z.string().nullable(),
  proxies: z.array(proxyInfoSchema),
});
export type ProxiesResponse = z.infer<typeof proxiesResponseSchema>;
