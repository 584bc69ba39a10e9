import type { z } from 'zod';
import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject, ObjectMeta } from '@/lib/k8s/object';
import type { StatusCause } from '@/lib/k8s/status-error';
import { issueToCause } from '@/lib/validation/issue-to-cause';
import { schemaFor } from '@/lib/validation/kind-schemas';
import { validateObjectMeta } from '@/lib/validation/object-meta';
import { pruneUnknown } from '@/lib/validation/prune-unknown';

export interface ValidationResult {
  /**
   * The object after pruning unknown fields and applying schema defaults (what gets stored).
   * Meaningful when `causes` is empty; otherwise the pruned input without defaults.
   */
  object: K8sObject;
  /** One entry per problem, ALL problems collected, field paths like `spec.rules[0].matches[1].path.value`. */
  causes: StatusCause[];
  /** Paths of unknown fields that were pruned, e.g. `spec.rulez` (for fieldValidation Strict/Warn). */
  unknownFields: string[];
}

/** Fields every object has; the rest of the top level belongs to the kind's `body` schema. */
const ENVELOPE = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * Admission for one write: prune unknown fields, apply defaults, check the OpenAPI constraints
 * and the CEL-equivalent rules, and collect every problem. `part: 'object'` checks metadata and
 * the body (status is kept as given: the main resource never writes it); `part: 'status'`
 * checks only `status`. `old`, the stored object on update, enables transition rules
 * (`oldSelf`) and immutable metadata.
 */
export function validateResource(type: ResourceType, object: unknown, part: 'object' | 'status', old?: K8sObject): ValidationResult {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    return {
      object: { apiVersion: '', kind: '', metadata: {} },
      causes: [{ reason: 'FieldValueTypeInvalid', field: '', message: 'Invalid value: the object must be a JSON object' }],
      unknownFields: [],
    };
  }
  const input = object as Record<string, unknown>;
  return part === 'status' ? validateStatus(type, input) : validateMain(type, input, old);
}

function validateMain(type: ResourceType, input: Record<string, unknown>, old: K8sObject | undefined): ValidationResult {
  const schema = schemaFor(type);
  const meta = validateObjectMeta(input.metadata, type, schema.name, old?.metadata);
  const unknownFields = [...meta.unknownFields];
  const causes = [...meta.causes];

  const bodyInput: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (ENVELOPE.has(key)) continue;
    bodyInput[key] = value;
  }
  if (!schema.status && input.status !== undefined) unknownFields.push('status');

  const pruned = pruneUnknown(schema.body, bodyInput);
  unknownFields.push(...pruned.unknownFields);
  const parsed = parse(schema.body, pruned.value, []);
  causes.push(...parsed.causes);

  const result: K8sObject = {
    apiVersion: String(input.apiVersion ?? ''),
    kind: String(input.kind ?? ''),
    metadata: meta.meta,
    ...(parsed.value as Record<string, unknown>),
  };
  if (schema.status && input.status !== undefined) result.status = input.status;
  if (schema.checkObject && parsed.causes.length === 0) causes.push(...schema.checkObject(result, old));
  return { object: result, causes, unknownFields };
}

function validateStatus(type: ResourceType, input: Record<string, unknown>): ValidationResult {
  const schema = schemaFor(type);
  const base = { ...input, metadata: (input.metadata ?? {}) as ObjectMeta } as K8sObject;
  if (!schema.status) {
    const unknownFields = input.status === undefined ? [] : ['status'];
    const { status: _dropped, ...rest } = base;
    return { object: rest as K8sObject, causes: [], unknownFields };
  }
  if (input.status === undefined || input.status === null) {
    const { status: _dropped, ...rest } = base;
    return { object: rest as K8sObject, causes: [], unknownFields: [] };
  }
  const pruned = pruneUnknown(schema.status, input.status, ['status']);
  const parsed = parse(schema.status, pruned.value, ['status']);
  return { object: { ...base, status: parsed.value }, causes: parsed.causes, unknownFields: pruned.unknownFields };
}

function parse(schema: z.ZodType, value: unknown, prefix: PropertyKey[]): { value: unknown; causes: StatusCause[] } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { value: result.data, causes: [] };
  return { value, causes: result.error.issues.map((issue) => issueToCause(issue, prefix)) };
}
