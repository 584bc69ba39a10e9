import { z } from 'zod';

/**
 * An OpenAPI `integer`. zod reports a non-number given to z.int() as "expected number"; this
 * marker lets the cause say `must be of type integer`, as kube-apiserver does.
 */
export const INTEGER_TYPE_MARKER = 'expected integer';

export function integer() {
  return z.int({ error: (issue) => (issue.code === 'invalid_type' ? INTEGER_TYPE_MARKER : undefined) });
}

/** Upper bound of OpenAPI `format: int32`. */
export const INT32_MAX = 2147483647;
