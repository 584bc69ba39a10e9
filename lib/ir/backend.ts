import { z } from 'zod';

/**
 * Where traffic goes. Endpoints are resolved by the controller (ready EndpointSlice
 * addresses), so the proxy does no lookups. A backend the controller could not resolve stays
 * in the list as `invalid` with its weight: its share of traffic gets 500 (SEMANTICS 6.4).
 * A valid service with no endpoints gets 503 for its share.
 */

export const irEndpointSchema = z.object({
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});
export type IrEndpoint = z.infer<typeof irEndpointSchema>;

/** How the proxy speaks to the upstream (SEMANTICS 6.5): `http` is HTTP/1.1 with Upgrade passed through. */
export const IR_BACKEND_PROTOCOLS = ['http', 'h2c', 'websocket'] as const;
export type IrBackendProtocol = (typeof IR_BACKEND_PROTOCOLS)[number];

/** A resolved Service port: the identity upstream pools are keyed and reused by. */
export const irServiceTargetSchema = z.object({
  service: z.object({ namespace: z.string(), name: z.string(), port: z.number().int().min(1).max(65535) }),
  protocol: z.enum(IR_BACKEND_PROTOCOLS),
  endpoints: z.array(irEndpointSchema),
});
export type IrServiceTarget = z.infer<typeof irServiceTargetSchema>;

/** Stable name of a service target for stats and pools: `namespace/name:port`. */
export function serviceTargetName(target: Pick<IrServiceTarget, 'service'>): string {
  return `${target.service.namespace}/${target.service.name}:${target.service.port}`;
}
