import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import {
  groupSchema,
  kindSchema,
  namespaceSchema,
  objectNameSchema,
  portNumberSchema,
  sectionNameSchema,
} from '@/lib/gateway-api/shared/primitives';
import { celFailure } from '@/lib/validation/k8s-issue';

/** Object references of apis/v1/object_reference_types.go and shared_types.go (V-15..V-25). */

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** V-15: a route's parent; group/kind default to a Gateway. */
export const parentReferenceSchema = z.object({
  group: groupSchema.default(GATEWAY_GROUP),
  kind: kindSchema.default('Gateway'),
  namespace: namespaceSchema.optional(),
  name: objectNameSchema,
  sectionName: sectionNameSchema.optional(),
  port: portNumberSchema.optional(),
});
export type ParentReference = z.output<typeof parentReferenceSchema>;

/** V-22: BackendObjectReference; a core Service needs a port. */
export const backendObjectReferenceShape = {
  group: groupSchema.default(''),
  kind: kindSchema.default('Service'),
  name: objectNameSchema,
  namespace: namespaceSchema.optional(),
  port: portNumberSchema.optional(),
};

export function requireServicePort(ref: { group: string; kind: string; port?: number | undefined }, ctx: z.RefinementCtx): void {
  if (ref.group.length === 0 && ref.kind === 'Service' && ref.port === undefined) {
    celFailure(ctx, 'Must have port for Service reference');
  }
}

export const backendObjectReferenceSchema = z.object(backendObjectReferenceShape).superRefine(requireServicePort);
export type BackendObjectReference = z.output<typeof backendObjectReferenceSchema>;

/** V-10: BackendRef = BackendObjectReference + weight (0..1,000,000, default 1). */
export const backendRefShape = {
  ...backendObjectReferenceShape,
  weight: integer().min(0).max(1_000_000).default(1),
};
export const backendRefSchema = z.object(backendRefShape).superRefine(requireServicePort);
export type BackendRef = z.output<typeof backendRefSchema>;

/** V-24 */
export const secretObjectReferenceSchema = z.object({
  group: groupSchema.default(''),
  kind: kindSchema.default('Secret'),
  name: objectNameSchema,
  namespace: namespaceSchema.optional(),
});
export type SecretObjectReference = z.output<typeof secretObjectReferenceSchema>;

/** V-25: extensionRef and similar same-namespace references; every field required. */
export const localObjectReferenceSchema = z.object({
  group: groupSchema,
  kind: kindSchema,
  name: objectNameSchema,
});
export type LocalObjectReference = z.output<typeof localObjectReferenceSchema>;

/** ObjectReference with group/kind/name required and optional namespace (CA certificate refs). */
export const objectReferenceSchema = z.object({
  group: groupSchema,
  kind: kindSchema,
  name: objectNameSchema,
  namespace: namespaceSchema.optional(),
});

interface ParentLike {
  group: string;
  kind: string;
  name: string;
  namespace?: string | undefined;
  sectionName?: string | undefined;
}

const emptyToUndefined = (s: string | undefined) => (s === '' ? undefined : s);
const sameParent = (a: ParentLike, b: ParentLike) =>
  a.group === b.group && a.kind === b.kind && a.name === b.name && emptyToUndefined(a.namespace) === emptyToUndefined(b.namespace);

/**
 * V-16 / V-17: two references to the same parent must both set sectionName, and to different
 * sections. Shared by parentRefs of every route kind (and, without namespace, by policy targetRefs).
 */
export function checkDistinctParents(refs: readonly ParentLike[], ctx: z.RefinementCtx, noun: 'parentRefs' | 'targetRefs'): void {
  const plural = noun === 'parentRefs' ? 'parent' : 'target';
  let unspecified = false;
  let duplicate = false;
  for (const a of refs) {
    let sameSection = 0;
    for (const b of refs) {
      if (!sameParent(a, b)) continue;
      const aSec = emptyToUndefined(a.sectionName);
      const bSec = emptyToUndefined(b.sectionName);
      if ((aSec === undefined) !== (bSec === undefined)) unspecified = true;
      if (aSec === bSec) sameSection++;
    }
    if (sameSection !== 1) duplicate = true;
  }
  if (unspecified) celFailure(ctx, `sectionName must be specified when ${noun} includes 2 or more references to the same ${plural}`, 'array');
  if (duplicate) celFailure(ctx, `sectionName must be unique when ${noun} includes 2 or more references to the same ${plural}`, 'array');
}

/** V-15..V-17: `spec.parentRefs` of every route. */
export const parentRefsSchema = z
  .array(parentReferenceSchema)
  .max(32)
  .superRefine((refs, ctx) => checkDistinctParents(refs, ctx, 'parentRefs'));
