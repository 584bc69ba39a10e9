import { z } from 'zod';
import { irRouteSchema, irRuleSchema } from '@/lib/ir/route';

/**
 * One Gateway listener as the proxy serves it. With listener isolation (SEMANTICS 2.4) the
 * proxy first picks the listener by port and host specificity, then a virtual host inside it,
 * then the first route entry (in precedence order) that matches.
 */

export const irVirtualHostSchema = z.object({
  /** An intersected hostname (SEMANTICS 3.4): exact, `*.suffix`, or `*` for any host. */
  hostname: z.string().min(1),
  /**
   * Candidate entries in precedence order (lib/routing/precedence): every route entry whose
   * route hostname covers this hostname. HTTPRoute and GRPCRoute entries are never compared
   * with each other; the proxy keeps them in two lists, each in this order.
   */
  routes: z.array(irRouteSchema),
});
export type IrVirtualHost = z.infer<typeof irVirtualHostSchema>;

/** Reference to certificate material in RoutingSnapshot.certificates. */
export const irCertificateRefSchema = z.object({
  secret: z.object({ namespace: z.string(), name: z.string() }),
  /** RoutingSnapshot.certificates[].id */
  materialId: z.string(),
});
export type IrCertificateRef = z.infer<typeof irCertificateRefSchema>;

export const IR_LISTENER_PROTOCOLS = ['HTTP', 'HTTPS'] as const;

export const irListenerSchema = z.object({
  /** Stable: `<gateway namespace>/<gateway name>/<listener name>`. */
  name: z.string(),
  gateway: z.object({ namespace: z.string(), name: z.string() }),
  listenerName: z.string(),
  /**
   * The IP addresses the listener is served on: its Gateway's addresses, assigned by the
   * controller (each Gateway its own loopback address in embedded mode, so Gateways that
   * share a port never see each other's traffic). Sorted; the proxy binds each one.
   */
  addresses: z.array(z.string().min(1)).min(1),
  /** The Gateway listener port (the proxy adds its port offset when binding). */
  port: z.number().int().min(1).max(65535),
  /** HTTP serves HTTP/1.1 and h2c (prior knowledge, for gRPC); HTTPS terminates TLS with ALPN h2/http1.1. */
  protocol: z.enum(IR_LISTENER_PROTOCOLS),
  /** The listener hostname; absent means any host. */
  hostname: z.string().optional(),
  /** HTTPS only: usable certificates (unusable refs were dropped by the controller). */
  tls: z.object({ certificates: z.array(irCertificateRefSchema).min(1) }).optional(),
  /** Every rule any entry below refers to, sorted by id (code-unit order, not locale). */
  rules: z.array(irRuleSchema),
  /** Sorted: exact hostnames, then wildcards (more labels first), then `*` (hostnameSpecificityKey). */
  virtualHosts: z.array(irVirtualHostSchema),
});
export type IrListener = z.infer<typeof irListenerSchema>;

/** `infra/public/https` */
export function irListenerName(gateway: { namespace: string; name: string }, listenerName: string): string {
  return `${gateway.namespace}/${gateway.name}/${listenerName}`;
}
