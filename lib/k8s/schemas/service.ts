import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import { checkedKeyMap, checkedString, reportProblems } from '@/lib/k8s/schemas/checked-string';
import { dns1123Label, dns1123Subdomain, labelValue, portName, qualifiedName } from '@/lib/k8s/schemas/name-rules';
import { reject } from '@/lib/validation/k8s-issue';
import { isIP } from '@/lib/validation/ip-address';

/**
 * Service (core/v1), the parts Portico uses: ports, selector, type. ExternalName is accepted as
 * Kubernetes accepts it; the graph refuses to route to it (V-23, CVE-2021-25740).
 */

const protocolSchema = z.enum(['TCP', 'UDP', 'SCTP']).default('TCP');

export const servicePortSchema = z
  .object({
    name: checkedString(dns1123Label).optional(),
    protocol: protocolSchema,
    appProtocol: checkedString(qualifiedName).optional(),
    port: integer().min(1).max(65535),
    /** IntOrString: a port number or the name of a container port. */
    targetPort: z.union([integer(), z.string()]).optional(),
    nodePort: integer().min(0).max(65535).optional(),
  })
  .superRefine((p, ctx) => {
    const t = p.targetPort;
    if (typeof t === 'number' && (t < 1 || t > 65535)) {
      reject(ctx, ['targetPort'], 'FieldValueInvalid', `Invalid value: ${t}: must be between 1 and 65535, inclusive`);
    } else if (typeof t === 'string') {
      reportProblems(ctx, ['targetPort'], t, portName(t));
    }
  });
export type ServicePort = z.output<typeof servicePortSchema>;

export const serviceSpecSchema = z
  .object({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).default('ClusterIP'),
    ports: z.array(servicePortSchema).optional(),
    selector: checkedKeyMap(qualifiedName, checkedString(labelValue)).optional(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).max(2).optional(),
    externalName: z.string().optional(),
    externalIPs: z.array(z.string()).optional(),
    sessionAffinity: z.enum(['None', 'ClientIP']).default('None'),
    ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).max(2).optional(),
    ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
    publishNotReadyAddresses: z.boolean().optional(),
    loadBalancerIP: z.string().optional(),
    loadBalancerSourceRanges: z.array(z.string()).optional(),
    loadBalancerClass: z.string().optional(),
    externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    healthCheckNodePort: integer().optional(),
    allocateLoadBalancerNodePorts: z.boolean().optional(),
    trafficDistribution: z.string().optional(),
  })
  .transform((spec) => ({
    ...spec,
    // kube defaults targetPort to port.
    ports: spec.ports?.map((p) => ({ ...p, targetPort: p.targetPort ?? p.port })),
  }))
  .superRefine((spec, ctx) => {
    const headless = spec.clusterIP === 'None';
    const ports = spec.ports ?? [];
    if (spec.type === 'ExternalName') {
      if (!spec.externalName) reject(ctx, ['externalName'], 'FieldValueRequired', 'Required value');
      else reportProblems(ctx, ['externalName'], spec.externalName, dns1123Subdomain(spec.externalName));
    } else if (ports.length === 0 && !headless) {
      reject(ctx, ['ports'], 'FieldValueRequired', 'Required value');
    }
    const names = new Set<string>();
    const portProtocols = new Set<string>();
    ports.forEach((p, i) => {
      if (ports.length > 1 && !p.name) reject(ctx, ['ports', i, 'name'], 'FieldValueRequired', 'Required value');
      if (p.name) {
        if (names.has(p.name)) reject(ctx, ['ports', i, 'name'], 'FieldValueDuplicate', `Duplicate value: ${JSON.stringify(p.name)}`);
        names.add(p.name);
      }
      const key = `${p.port}/${p.protocol}`;
      if (portProtocols.has(key)) {
        reject(ctx, ['ports', i], 'FieldValueDuplicate', `Duplicate value: core.ServicePort{Name:"${p.name ?? ''}", Protocol:"${p.protocol}", Port:${p.port}}`);
      }
      portProtocols.add(key);
    });
    if (spec.clusterIP && spec.clusterIP !== 'None' && spec.clusterIP !== '' && !isIP(spec.clusterIP)) {
      reject(ctx, ['clusterIP'], 'FieldValueInvalid', `Invalid value: ${JSON.stringify(spec.clusterIP)}: must be empty, 'None', or a valid IP address`);
    }
  });
export type ServiceSpec = z.output<typeof serviceSpecSchema>;

export const serviceStatusSchema = z.object({
  loadBalancer: z
    .object({
      ingress: z
        .array(
          z.object({
            ip: z.string().optional(),
            hostname: z.string().optional(),
            ipMode: z.string().optional(),
            ports: z.array(z.object({ port: integer(), protocol: protocolSchema, error: z.string().optional() })).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).optional(),
});
