import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import { checkedString, reportProblems } from '@/lib/k8s/schemas/checked-string';
import { dns1123Label, dns1123Subdomain, qualifiedName } from '@/lib/k8s/schemas/name-rules';
import { isIPv4, isIPv6 } from '@/lib/validation/ip-address';
import { reject } from '@/lib/validation/k8s-issue';

/** EndpointSlice (discovery.k8s.io/v1): how Service backends resolve to addresses. */

export const endpointSchema = z.object({
  addresses: z.array(z.string()).min(1).max(100),
  conditions: z
    .object({ ready: z.boolean().optional(), serving: z.boolean().optional(), terminating: z.boolean().optional() })
    .optional(),
  hostname: checkedString(dns1123Label).optional(),
  targetRef: z.looseObject({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }).optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  hints: z.looseObject({}).optional(),
  deprecatedTopology: z.record(z.string(), z.string()).optional(),
});
export type Endpoint = z.output<typeof endpointSchema>;

export const endpointPortSchema = z.object({
  name: checkedString(dns1123Label).optional(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
  port: integer().min(1).max(65535).optional(),
  appProtocol: checkedString(qualifiedName).optional(),
});
export type EndpointPort = z.output<typeof endpointPortSchema>;

const ADDRESS_CHECKS: Record<'IPv4' | 'IPv6' | 'FQDN', (a: string) => string[]> = {
  IPv4: (a) => (isIPv4(a) ? [] : ['must be a valid IPv4 address']),
  IPv6: (a) => (isIPv6(a) ? [] : ['must be a valid IPv6 address']),
  FQDN: dns1123Subdomain,
};

export const endpointSliceBodySchema = z
  .object({
    addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
    endpoints: z.array(endpointSchema).max(1000).default(() => []),
    ports: z.array(endpointPortSchema).max(100).optional(),
  })
  .superRefine((slice, ctx) => {
    const check = ADDRESS_CHECKS[slice.addressType];
    slice.endpoints.forEach((e, i) =>
      e.addresses.forEach((a, j) => reportProblems(ctx, ['endpoints', i, 'addresses', j], a, check(a))),
    );
    const names = new Set<string>();
    slice.ports?.forEach((p, i) => {
      const name = p.name ?? '';
      if (names.has(name)) reject(ctx, ['ports', i, 'name'], 'FieldValueDuplicate', `Duplicate value: ${JSON.stringify(name)}`);
      names.add(name);
    });
  });
export type EndpointSliceBody = z.output<typeof endpointSliceBodySchema>;
