import type { z } from 'zod';
import type { CauseType } from '@/lib/k8s/status-error';

/**
 * The bridge between our own checks (CEL-equivalent rules, list-map uniqueness, recommended
 * rules) and the zod issue stream: a custom issue whose params carry the Kubernetes cause
 * verbatim. `{{field}}` in a message is replaced with the field path when the issue becomes a
 * cause, because kube-openapi messages repeat the path ("spec.x in body should match ...").
 */
export interface K8sIssueParams {
  k8s: { reason: CauseType; message: string };
}

export type Ctx = z.RefinementCtx;
export type Path = (string | number)[];

export function reject(ctx: Ctx, path: Path, reason: CauseType, message: string): void {
  const params: K8sIssueParams = { k8s: { reason, message } };
  // A fresh array per issue: zod prefixes parent keys into issue paths in place.
  ctx.addIssue({ code: 'custom', message, path: [...path], params, continue: true });
}

/** What CEL reports for a value of this kind: `Invalid value: "object": <rule message>`. */
export type CelValueType = 'object' | 'array' | 'string' | 'integer';

/** A failed x-kubernetes-validations rule, attached where the CRD attaches it. */
export function celFailure(ctx: Ctx, message: string, valueType: CelValueType = 'object', path: Path = []): void {
  reject(ctx, path, 'FieldValueInvalid', `Invalid value: "${valueType}": ${message}`);
}

/** Go-style quoting of a scalar the way field.Error prints it. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[]interface {}{${value.map(quote).join(', ')}}`;
  return 'map[string]interface {}{' + Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}:${quote(v)}`).join(', ') + '}';
}

/**
 * listType=map / listType=set: every key occurs once. Reported like kube-apiserver: at the
 * later element, `Duplicate value: map[string]interface {}{"name":"a"}`.
 */
export function uniqueItems<T>(ctx: Ctx, items: readonly T[] | undefined, keyOf: (item: T) => unknown, path: Path = []): void {
  if (!items || items.length < 2) return;
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const id = JSON.stringify(key);
    if (seen.has(id)) reject(ctx, [...path, i], 'FieldValueDuplicate', `Duplicate value: ${quote(key)}`);
    else seen.add(id);
  });
}
