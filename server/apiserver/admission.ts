import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { ApiError, invalid, type StatusCause } from '@/lib/k8s/status-error';
import { validateResource } from '@/lib/validation/validate-resource';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface AdmissionContext {
  fieldValidation: FieldValidation;
  /** Keys repeated in the request body (only the body's own, not the stored object's). */
  duplicateFields: string[];
  /** Collected `Warning` header texts (fieldValidation=Warn). */
  warnings: string[];
  /**
   * Policy admission run on a valid object before it is persisted (e.g. RBAC escalation
   * prevention); throws an ApiError to refuse the write.
   */
  policy?: (type: ResourceType, object: K8sObject) => void;
}

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '' || value === 'Strict') return 'Strict';
  if (value === 'Warn' || value === 'Ignore') return value;
  throw new ApiError('BadRequest', `fieldValidation must be one of Strict, Warn or Ignore, not ${JSON.stringify(value)}`);
}

/**
 * Runs schema validation, defaulting and pruning (the validation module, which also checks
 * ObjectMeta and, given the stored object, transition rules), then applies the request's field-validation mode: Strict → 400 listing every
 * unknown and duplicate field, Warn → one warning each, Ignore → silently pruned.
 * Returns the object to persist; throws 422 Invalid with every cause.
 */
export function admit(
  type: ResourceType,
  candidate: K8sObject,
  part: 'object' | 'status',
  ctx: AdmissionContext,
  old?: K8sObject,
): K8sObject {
  const result = validateResource(type, candidate, part, old);
  const problems = [
    ...result.unknownFields.map((f) => `unknown field "${f}"`),
    ...ctx.duplicateFields.map((f) => `duplicate field "${f}"`),
  ];
  if (problems.length > 0 && ctx.fieldValidation === 'Strict') {
    const version = candidate.apiVersion.slice(candidate.apiVersion.lastIndexOf('/') + 1);
    throw new ApiError(
      'BadRequest',
      `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: strict decoding error: ${problems.join(', ')}`,
    );
  }
  if (ctx.fieldValidation === 'Warn') ctx.warnings.push(...problems);
  ctx.duplicateFields = [];

  const causes: StatusCause[] = result.causes;
  if (causes.length > 0) {
    throw invalid(type.group, type.kind, candidate.metadata.name ?? candidate.metadata.generateName ?? '', causes);
  }
  if (part === 'object') ctx.policy?.(type, result.object);
  return result.object;
}
