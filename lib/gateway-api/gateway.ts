import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { patternText } from '@/lib/validation/pattern-text';
import { P_ADDRESS_TYPE, P_HOSTNAME, P_LABEL_VALUE, P_QUALIFIED_KEY } from '@/lib/gateway-api/patterns';
import { conditionsSchema, pendingConditions } from '@/lib/gateway-api/shared/conditions';
import { labelSelectorSchema } from '@/lib/gateway-api/shared/label-selector';
import { listenersSchema, maxProperties, routeGroupKindSchema } from '@/lib/gateway-api/shared/listener';
import { int32Schema, objectNameSchema, portNumberSchema, sectionNameSchema } from '@/lib/gateway-api/shared/primitives';
import { localObjectReferenceSchema, objectReferenceSchema, secretObjectReferenceSchema } from '@/lib/gateway-api/shared/refs';
import { isIP } from '@/lib/validation/ip-address';
import { celFailure, reject, type Ctx } from '@/lib/validation/k8s-issue';

/** Gateway (gateway.networking.k8s.io/v1, standard channel): spec and status (G-01..G-17). */

const addressType = z.string().min(1).max(253).regex(P_ADDRESS_TYPE).default('IPAddress');

/** The CRD's oneOf: an IPAddress-typed value must be an IPv4 or IPv6 literal (G-13). */
function checkIPValue(a: { type: string; value?: string | undefined }, ctx: Ctx): void {
  if (a.type === 'IPAddress' && a.value !== undefined && !isIP(a.value)) {
    reject(ctx, ['value'], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(a.value)}: {{field}} in body must be of type ipv4: ${JSON.stringify(a.value)}`);
  }
}

export const gatewaySpecAddressSchema = z
  .object({ type: addressType, value: z.string().max(253).optional() })
  .superRefine((a, ctx) => {
    checkIPValue(a, ctx);
    if (a.type === 'Hostname' && a.value !== undefined && !P_HOSTNAME.test(a.value)) {
      celFailure(ctx, `Hostname value must be empty or contain only valid characters (matching ${patternText(P_HOSTNAME)})`);
    }
  });

function uniqueAddressValues(addresses: readonly { type: string; value?: string | undefined }[], ctx: Ctx): void {
  for (const [type, message] of [
    ['IPAddress', 'IPAddress values must be unique'],
    ['Hostname', 'Hostname values must be unique'],
  ] as const) {
    const values = addresses.filter((a) => a.type === type && a.value !== undefined).map((a) => a.value);
    if (new Set(values).size !== values.length) celFailure(ctx, message, 'array');
  }
}

/** G-14: infrastructure labels and annotations, with their CEL key rules. */
function keyRules(noun: 'label' | 'annotation') {
  const Noun = noun === 'label' ? 'Label' : 'Annotation';
  return (map: Record<string, string>, ctx: Ctx) => {
    const keys = Object.keys(map);
    if (!keys.every((k) => P_QUALIFIED_KEY.test(k))) {
      celFailure(ctx, `${Noun} keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.`);
    }
    if (!keys.every((k) => (k.split('/')[0] ?? '').length < 253)) {
      celFailure(ctx, `If specified, the ${noun} key's prefix must be a DNS subdomain not longer than 253 characters in total.`);
    }
  };
}

export const gatewayInfrastructureSchema = z.object({
  labels: z
    .record(z.string(), z.string().max(63).regex(P_LABEL_VALUE))
    .superRefine((m, ctx) => maxProperties(m, 8, ctx))
    .superRefine(keyRules('label'))
    .optional(),
  annotations: z
    .record(z.string(), z.string().max(4096))
    .superRefine((m, ctx) => maxProperties(m, 16, ctx))
    .superRefine(keyRules('annotation'))
    .optional(),
  parametersRef: localObjectReferenceSchema.optional(),
});

const tlsValidationSchema = z.object({
  caCertificateRefs: z.array(objectReferenceSchema).min(1).max(16),
  mode: z.enum(['AllowValidOnly', 'AllowInsecureFallback']).default('AllowValidOnly'),
});

/** G-15 */
export const frontendTLSConfigSchema = z.object({
  default: z.object({ validation: tlsValidationSchema.optional() }),
  perPort: z
    .array(z.object({ port: portNumberSchema, tls: z.object({ validation: tlsValidationSchema.optional() }) }))
    .max(64)
    .superRefine((items, ctx) => {
      const ports = items.map((t) => t.port);
      ports.forEach((p, i) => {
        if (ports.indexOf(p) !== i) reject(ctx, [i], 'FieldValueDuplicate', `Duplicate value: map[string]interface {}{"port":${p}}`);
      });
      if (new Set(ports).size !== ports.length) celFailure(ctx, 'Port for TLS configuration must be unique within the Gateway', 'array');
    })
    .optional(),
});

export const gatewaySpecSchema = z.object({
  gatewayClassName: objectNameSchema,
  listeners: listenersSchema,
  addresses: z.array(gatewaySpecAddressSchema).max(16).superRefine(uniqueAddressValues).optional(),
  infrastructure: gatewayInfrastructureSchema.optional(),
  allowedListeners: z
    .object({
      namespaces: z
        .object({
          from: z.enum(['All', 'Selector', 'Same', 'None']).default('None'),
          selector: labelSelectorSchema.optional(),
        })
        .prefault({}),
    })
    .optional(),
  tls: z
    .object({
      backend: z.object({ clientCertificateRef: secretObjectReferenceSchema.optional() }).optional(),
      frontend: frontendTLSConfigSchema.optional(),
    })
    .optional(),
});
export type GatewaySpec = z.output<typeof gatewaySpecSchema>;

/** G-17 */
export const gatewayStatusAddressSchema = z
  .object({ type: addressType, value: z.string().min(1).max(253) })
  .superRefine((a, ctx) => {
    checkIPValue(a, ctx);
    if (a.type === 'Hostname' && !P_HOSTNAME.test(a.value)) {
      celFailure(ctx, `Hostname value must only contain valid characters (matching ${patternText(P_HOSTNAME)})`);
    }
  });

export const listenerStatusSchema = z.object({
  name: sectionNameSchema,
  supportedKinds: z.array(routeGroupKindSchema).max(8).optional(),
  attachedRoutes: int32Schema,
  conditions: conditionsSchema({ max: 8 }),
});
export type ListenerStatus = z.output<typeof listenerStatusSchema>;

export const listenerStatusesSchema = z
  .array(listenerStatusSchema)
  .max(64)
  .superRefine((items, ctx) => {
    const names = items.map((l) => l.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) reject(ctx, [i], 'FieldValueDuplicate', `Duplicate value: map[string]interface {}{"name":${JSON.stringify(n)}}`);
    });
  });

export const gatewayStatusSchema = z.object({
  addresses: z.array(gatewayStatusAddressSchema).max(16).optional(),
  conditions: conditionsSchema({ max: 8 }).prefault(() => pendingConditions(['Accepted', 'Programmed'])),
  listeners: listenerStatusesSchema.optional(),
  attachedListenerSets: int32Schema.optional(),
});
export type GatewayStatus = z.output<typeof gatewayStatusSchema>;

export type Gateway = TypedObject<GatewaySpec, GatewayStatus>;
