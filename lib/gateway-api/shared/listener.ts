import { z } from 'zod';
import { P_PROTOCOL } from '@/lib/gateway-api/patterns';
import { labelSelectorSchema } from '@/lib/gateway-api/shared/label-selector';
import { groupSchema, hostnameSchema, kindSchema, portNumberSchema, sectionNameSchema } from '@/lib/gateway-api/shared/primitives';
import { GATEWAY_GROUP, secretObjectReferenceSchema } from '@/lib/gateway-api/shared/refs';
import { celFailure, uniqueItems, type Ctx } from '@/lib/validation/k8s-issue';

/** Listener, shared by Gateway and ListenerSet (G-03..G-12). */

export const routeGroupKindSchema = z.object({
  group: groupSchema.default(GATEWAY_GROUP),
  kind: kindSchema,
});
export type RouteGroupKind = z.output<typeof routeGroupKindSchema>;

/** G-12 */
export const allowedRoutesSchema = z.object({
  namespaces: z
    .object({
      from: z.enum(['All', 'Selector', 'Same']).default('Same'),
      selector: labelSelectorSchema.optional(),
    })
    .prefault({}),
  kinds: z.array(routeGroupKindSchema).max(8).optional(),
});
export type AllowedRoutes = z.output<typeof allowedRoutesSchema>;

/** G-11 */
export const listenerTLSConfigSchema = z
  .object({
    mode: z.enum(['Terminate', 'Passthrough']).default('Terminate'),
    certificateRefs: z.array(secretObjectReferenceSchema).max(64).optional(),
    options: z
      .record(z.string(), z.string().max(4096))
      .superRefine((o, ctx) => maxProperties(o, 16, ctx))
      .optional(),
  })
  .superRefine((tls, ctx) => {
    const refs = tls.certificateRefs?.length ?? 0;
    const options = Object.keys(tls.options ?? {}).length;
    if (tls.mode === 'Terminate' && refs === 0 && options === 0) celFailure(ctx, 'certificateRefs or options must be specified when mode is Terminate');
  });
export type ListenerTLSConfig = z.output<typeof listenerTLSConfigSchema>;

/** maxProperties on a map, reported as kube-openapi reports it. */
export function maxProperties(map: Record<string, unknown>, max: number, ctx: Ctx): void {
  const n = Object.keys(map).length;
  if (n > max) ctx.addIssue({ code: 'custom', message: '', params: { k8s: { reason: 'FieldValueTooMany', message: `Too many: ${n}: must have at most ${max} items` } } });
}

export const listenerSchema = z.object({
  name: sectionNameSchema,
  hostname: hostnameSchema.optional(),
  port: portNumberSchema,
  protocol: z.string().min(1).max(255).regex(P_PROTOCOL),
  tls: listenerTLSConfigSchema.optional(),
  allowedRoutes: allowedRoutesSchema.prefault({}),
});
export type Listener = z.output<typeof listenerSchema>;

/**
 * The six CEL rules on a listener list, in CRD order. Protocols are compared as CEL compares
 * them: exactly (the CRD's `in ['HTTP', 'TCP', 'UDP']`), so `http` is not `HTTP` here.
 * `portOptional` is ListenerSet's variant of the uniqueness rule (`!has(l1.port) || ...`).
 */
export function checkListeners(listeners: readonly Listener[], ctx: Ctx): void {
  uniqueItems(ctx, listeners, (l) => ({ name: l.name }));
  const any = (pred: (l: Listener) => boolean) => listeners.some(pred);
  if (any((l) => ['HTTP', 'TCP', 'UDP'].includes(l.protocol) && l.tls !== undefined)) {
    celFailure(ctx, "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']", 'array');
  }
  if (any((l) => l.protocol === 'HTTPS' && l.tls !== undefined && l.tls.mode !== 'Terminate')) {
    celFailure(ctx, 'tls mode must be Terminate for protocol HTTPS', 'array');
  }
  if (any((l) => l.protocol === 'TLS' && l.tls === undefined)) {
    celFailure(ctx, 'tls mode must be set for protocol TLS', 'array');
  }
  if (any((l) => ['TCP', 'UDP'].includes(l.protocol) && l.hostname !== undefined && l.hostname !== '')) {
    celFailure(ctx, "hostname must not be specified for protocols ['TCP', 'UDP']", 'array');
  }
  const count = (pred: (l: Listener) => boolean) => listeners.filter(pred).length;
  if (any((l1) => count((l2) => l1.name === l2.name) !== 1)) {
    celFailure(ctx, 'Listener name must be unique within the Gateway', 'array');
  }
  if (any((l1) => count((l2) => l1.port === l2.port && l1.protocol === l2.protocol && l1.hostname === l2.hostname) !== 1)) {
    celFailure(ctx, 'Combination of port, protocol and hostname must be unique for each listener', 'array');
  }
}

export const listenersSchema = z.array(listenerSchema).min(1).max(64).superRefine(checkListeners);

/** Listener status, shared by Gateway and ListenerSet status. */
export { routeGroupKindSchema as supportedKindSchema };
