import { z } from 'zod';
import type { TypedObject } from '@/lib/gateway-api/shared/typed-object';
import { P_ABSOLUTE_URI, P_WELL_KNOWN_CA } from '@/lib/gateway-api/patterns';
import { conditionsSchema } from '@/lib/gateway-api/shared/conditions';
import { maxProperties } from '@/lib/gateway-api/shared/listener';
import {
  controllerNameSchema,
  groupSchema,
  hostnamePatternSchema,
  kindSchema,
  objectNameSchema,
  preciseHostnameSchema,
  sectionNameSchema,
} from '@/lib/gateway-api/shared/primitives';
import { checkDistinctParents, localObjectReferenceSchema, parentReferenceSchema } from '@/lib/gateway-api/shared/refs';
import { celFailure } from '@/lib/validation/k8s-issue';

/** BackendTLSPolicy (gateway.networking.k8s.io/v1, standard channel): spec and status. */

export const policyTargetReferenceSchema = z.object({
  group: groupSchema,
  kind: kindSchema,
  name: objectNameSchema,
  sectionName: sectionNameSchema.optional(),
});

export const subjectAltNameSchema = z
  .object({
    type: z.enum(['Hostname', 'URI']),
    hostname: hostnamePatternSchema.optional(),
    uri: z.string().min(1).max(253).regex(P_ABSOLUTE_URI).optional(),
  })
  .superRefine((s, ctx) => {
    const hasHost = s.hostname !== undefined && s.hostname !== '';
    const hasUri = s.uri !== undefined && s.uri !== '';
    if (s.type === 'Hostname' && !hasHost) celFailure(ctx, 'SubjectAltName element must contain Hostname, if Type is set to Hostname');
    if (s.type !== 'Hostname' && hasHost) celFailure(ctx, 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname');
    if (s.type === 'URI' && !hasUri) celFailure(ctx, 'SubjectAltName element must contain URI, if Type is set to URI');
    if (s.type !== 'URI' && hasUri) celFailure(ctx, 'SubjectAltName element must not contain URI, if Type is not set to URI');
  });

export const backendTLSPolicyValidationSchema = z
  .object({
    caCertificateRefs: z.array(localObjectReferenceSchema).max(8).optional(),
    wellKnownCACertificates: z.string().min(1).max(253).regex(P_WELL_KNOWN_CA).optional(),
    hostname: preciseHostnameSchema,
    subjectAltNames: z.array(subjectAltNameSchema).max(5).optional(),
  })
  .superRefine((v, ctx) => {
    const refs = (v.caCertificateRefs?.length ?? 0) > 0;
    const wellKnown = v.wellKnownCACertificates !== undefined && v.wellKnownCACertificates !== '';
    if (refs && wellKnown) celFailure(ctx, 'must not contain both CACertificateRefs and WellKnownCACertificates');
    if (!refs && !wellKnown) celFailure(ctx, 'must specify either CACertificateRefs or WellKnownCACertificates');
  });

export const backendTLSPolicySpecSchema = z.object({
  targetRefs: z
    .array(policyTargetReferenceSchema)
    .min(1)
    .max(16)
    .superRefine((refs, ctx) => checkDistinctParents(refs, ctx, 'targetRefs')),
  validation: backendTLSPolicyValidationSchema,
  options: z
    .record(z.string(), z.string().max(4096))
    .superRefine((o, ctx) => maxProperties(o, 16, ctx))
    .optional(),
});
export type BackendTLSPolicySpec = z.output<typeof backendTLSPolicySpecSchema>;

/** PolicyStatus: one entry per ancestor (usually a Gateway) the policy affects. */
export const policyAncestorStatusSchema = z.object({
  ancestorRef: parentReferenceSchema,
  controllerName: controllerNameSchema,
  conditions: conditionsSchema({ min: 1, max: 8 }),
});

export const backendTLSPolicyStatusSchema = z.object({
  ancestors: z.array(policyAncestorStatusSchema).max(16),
});
export type BackendTLSPolicyStatus = z.output<typeof backendTLSPolicyStatusSchema>;

export type BackendTLSPolicy = TypedObject<BackendTLSPolicySpec, BackendTLSPolicyStatus>;
