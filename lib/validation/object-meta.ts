import { z } from 'zod';
import { integer } from '@/lib/validation/integer';
import type { ResourceType } from '@/lib/k8s/kinds';
import type { ObjectMeta } from '@/lib/k8s/object';
import type { StatusCause } from '@/lib/k8s/status-error';
import { dns1123Label, labelValue, qualifiedName } from '@/lib/k8s/schemas/name-rules';
import { issueToCause } from '@/lib/validation/issue-to-cause';
import { pruneUnknown } from '@/lib/validation/prune-unknown';

/**
 * ObjectMeta as kube-apiserver validates it for every kind (apimachinery objectmeta.go):
 * names, namespace scoping (C-05), labels and annotations, finalizers,
 * and, given the stored object, the immutable fields.
 */

const ownerReferenceSchema = z.object({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  name: z.string().min(1),
  uid: z.string().min(1),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

export const objectMetaSchema = z.object({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  selfLink: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: integer().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  deletionGracePeriodSeconds: integer().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
  ownerReferences: z.array(ownerReferenceSchema).optional(),
  /** fieldsV1 is free-form (x-kubernetes-preserve-unknown-fields). */
  managedFields: z.array(z.looseObject({})).optional(),
});

/** Name validator for a kind: returns kube's problem strings for a name (or generateName prefix). */
export type NameRule = (name: string) => string[];

const TOTAL_ANNOTATION_BYTES = 256 * 1024;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface MetaResult {
  meta: ObjectMeta;
  causes: StatusCause[];
  unknownFields: string[];
}

export function validateObjectMeta(input: unknown, type: ResourceType, nameRule: NameRule, old?: ObjectMeta): MetaResult {
  if (input === undefined || input === null) {
    return { meta: {}, causes: [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }], unknownFields: [] };
  }
  const pruned = pruneUnknown(objectMetaSchema, input, ['metadata']);
  const parsed = objectMetaSchema.safeParse(pruned.value, { reportInput: true });
  if (!parsed.success) {
    return { meta: pruned.value as ObjectMeta, causes: parsed.error.issues.map((i) => issueToCause(i, ['metadata'])), unknownFields: pruned.unknownFields };
  }
  const meta = parsed.data as ObjectMeta;
  const causes: StatusCause[] = [];
  const add = (reason: StatusCause['reason'], field: string, message: string) => causes.push({ reason, field, message });
  const invalid = (field: string, value: unknown, problems: string[]) => {
    for (const p of problems) add('FieldValueInvalid', field, `Invalid value: ${JSON.stringify(value)}: ${p}`);
  };

  if (meta.name) invalid('metadata.name', meta.name, nameRule(meta.name));
  else if (meta.generateName) invalid('metadata.generateName', meta.generateName, nameRule(meta.generateName.replace(/-$/, 'a')));
  else add('FieldValueRequired', 'metadata.name', 'Required value: name or generateName is required');

  if (type.namespaced) {
    if (!meta.namespace) add('FieldValueRequired', 'metadata.namespace', 'Required value');
    else invalid('metadata.namespace', meta.namespace, dns1123Label(meta.namespace));
  } else if (meta.namespace) {
    add('FieldValueForbidden', 'metadata.namespace', 'Forbidden: not allowed on this type');
  }

  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    invalid('metadata.labels', key, qualifiedName(key));
    invalid('metadata.labels', value, labelValue(value));
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    invalid('metadata.annotations', key, qualifiedName(key.toLowerCase()));
    annotationBytes += utf8Length(key) + utf8Length(value);
  }
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) {
    add('FieldValueTooLong', 'metadata.annotations', `Too long: may not be more than ${TOTAL_ANNOTATION_BYTES} bytes`);
  }

  const finalizers = meta.finalizers ?? [];
  finalizers.forEach((f, i) => invalid(`metadata.finalizers[${i}]`, f, qualifiedName(f)));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    add('FieldValueInvalid', 'metadata.finalizers', `Invalid value: ${goStrings(finalizers)}: finalizer orphan and foregroundDeletion cannot be both set`);
  }
  for (const field of ['creationTimestamp', 'deletionTimestamp'] as const) {
    const v = meta[field];
    if (v !== undefined && !RFC3339.test(v)) add('FieldValueInvalid', `metadata.${field}`, `Invalid value: ${JSON.stringify(v)}: must be an RFC 3339 date-time`);
  }
  if (meta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds < 0) {
    add('FieldValueInvalid', 'metadata.deletionGracePeriodSeconds', `Invalid value: ${meta.deletionGracePeriodSeconds}: must be greater than or equal to 0`);
  }
  if (old) causes.push(...immutableMetaCauses(meta, old));
  return { meta, causes, unknownFields: pruned.unknownFields };
}

/** fields an update may not change. */
function immutableMetaCauses(meta: ObjectMeta, old: ObjectMeta): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
    const before = old[field];
    const after = meta[field];
    // An update that leaves out a server-owned field keeps the stored value; only a different value is a change.
    if (before !== undefined && after !== undefined && before !== after) {
      causes.push({ reason: 'FieldValueInvalid', field: `metadata.${field}`, message: `Invalid value: ${JSON.stringify(after)}: field is immutable` });
    } else if (before === undefined && after !== undefined && (field === 'name' || field === 'namespace')) {
      causes.push({ reason: 'FieldValueInvalid', field: `metadata.${field}`, message: `Invalid value: ${JSON.stringify(after)}: field is immutable` });
    }
  }
  if (old.generation !== undefined && meta.generation !== undefined && meta.generation < old.generation) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.generation', message: `Invalid value: ${meta.generation}: must not be decremented` });
  }
  return causes;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function goStrings(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}
