import type { z } from 'zod';
import type { StatusCause } from '@/lib/k8s/status-error';
import { fieldPath } from '@/lib/validation/field-path';
import { INTEGER_TYPE_MARKER } from '@/lib/validation/integer';
import { quote, type K8sIssueParams } from '@/lib/validation/k8s-issue';
import { patternText } from '@/lib/validation/pattern-text';

/**
 * Turns one zod issue into a Kubernetes cause worded like kube-apiserver's structural-schema
 * validation (kube-openapi), so users can search the messages and clients can parse them.
 */
export function issueToCause(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): StatusCause {
  const path = [...prefix, ...issue.path];
  const field = fieldPath(path);
  const input = (issue as { input?: unknown }).input;
  const at = (message: string) => message.replaceAll('{{field}}', field);
  switch (issue.code) {
    case 'custom': {
      const k8s = (issue.params as K8sIssueParams | undefined)?.k8s;
      if (k8s) return { reason: k8s.reason, field, message: at(k8s.message) };
      return { reason: 'FieldValueInvalid', field, message: issue.message };
    }
    case 'invalid_type': {
      if (input === undefined) return { reason: 'FieldValueRequired', field, message: 'Required value' };
      const expected = issue.message === INTEGER_TYPE_MARKER ? 'integer' : kubeType(issue.expected);
      const actual = jsonType(input);
      // A non-integer number where an integer is expected is also a type error in kube-openapi.
      return {
        reason: 'FieldValueTypeInvalid',
        field,
        message: `Invalid value: ${quote(actual)}: ${field} in body must be of type ${expected}: ${quote(actual)}`,
      };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} bytes` };
      if (issue.origin === 'array' || issue.origin === 'set') {
        const n = Array.isArray(input) ? input.length : 0;
        return { reason: 'FieldValueTooMany', field, message: `Too many: ${n}: must have at most ${max} items` };
      }
      return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(input)}: ${field} in body should be less than or equal to ${max}` };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(input)}: ${field} in body should be at least ${min} chars long` };
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        const n = Array.isArray(input) ? input.length : 0;
        return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${n}: ${field} in body should have at least ${min} items` };
      }
      return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(input)}: ${field} in body should be greater than or equal to ${min}` };
    }
    case 'invalid_format': {
      if (issue.format === 'regex') {
        const pattern = patternText((issue as { pattern?: unknown }).pattern);
        return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(input)}: ${field} in body should match '${pattern}'` };
      }
      return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(input)}: ${field} in body must be of type ${issue.format}: ${quote(input)}` };
    }
    case 'invalid_value':
      // z.enum / z.literal report a missing value as an unsupported one.
      if (input === undefined) return { reason: 'FieldValueRequired', field, message: 'Required value' };
      return {
        reason: 'FieldValueNotSupported',
        field,
        message: `Unsupported value: ${quote(input)}: supported values: ${issue.values.map((v) => quote(v)).join(', ')}`,
      };
    default:
      return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${quote(input)}: ${issue.message}` };
  }
}

function kubeType(expected: string): string {
  if (expected === 'int' || expected === 'bigint') return 'integer';
  if (expected === 'record' || expected === 'map') return 'object';
  return expected;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
