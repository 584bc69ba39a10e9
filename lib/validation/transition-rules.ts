import type { K8sObject } from '@/lib/k8s/object';
import type { StatusCause } from '@/lib/k8s/status-error';

/**
 * Rules that need more than the object's own fields: CEL transition rules (`self == oldSelf`),
 * built-in immutable fields, and checks against metadata. `old` is the stored object on update.
 */

type Rule = (object: K8sObject, old: K8sObject | undefined) => StatusCause[];

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** C-01: `spec.controllerName` has the CEL rule `self == oldSelf`. */
const gatewayClass: Rule = (object, old) => {
  if (!old) return [];
  const before = get(old, 'spec', 'controllerName');
  const after = get(object, 'spec', 'controllerName');
  return before !== undefined && before !== after
    ? [{ reason: 'FieldValueInvalid', field: 'spec.controllerName', message: 'Invalid value: "string": Value is immutable' }]
    : [];
};

/** RBAC bindings: roleRef cannot change (ValidateRoleBindingUpdate). */
const roleRef: Rule = (object, old) => {
  if (!old || sameJson(get(old, 'roleRef'), get(object, 'roleRef'))) return [];
  const r = (get(object, 'roleRef') ?? {}) as Record<string, unknown>;
  return [
    {
      reason: 'FieldValueInvalid',
      field: 'roleRef',
      message: `Invalid value: rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}: cannot change roleRef`,
    },
  ];
};

/** Secret / ConfigMap with `immutable: true`: data and the flag itself are frozen. */
const immutableData: Rule = (object, old) => {
  if (!old || old.immutable !== true) return [];
  const causes: StatusCause[] = [];
  const forbidden = (field: string) =>
    causes.push({ reason: 'FieldValueForbidden', field, message: 'Forbidden: field is immutable when `immutable` is set' });
  if (object.immutable !== true) forbidden('immutable');
  for (const field of ['data', 'binaryData'] as const) {
    if (!sameJson(old[field] ?? {}, object[field] ?? {})) forbidden(field);
  }
  return causes;
};

const endpointSlice: Rule = (object, old) =>
  old && old.addressType !== object.addressType
    ? [{ reason: 'FieldValueInvalid', field: 'addressType', message: `Invalid value: ${JSON.stringify(object.addressType)}: field is immutable` }]
    : [];

/**
 * AccessRequest: the target must be another namespace (a same-namespace reference needs no
 * grant), and a decided request is a record: its spec no longer changes.
 */
const accessRequest: Rule = (object, old) => {
  const causes: StatusCause[] = [];
  const target = get(object, 'spec', 'to', 'namespace');
  if (target !== undefined && target === object.metadata.namespace) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.to.namespace',
      message: `Invalid value: ${JSON.stringify(target)}: must differ from the request's own namespace; references within a namespace need no grant`,
    });
  }
  const phase = get(old, 'status', 'phase');
  if (old && phase !== undefined && phase !== 'Pending' && !sameJson(old.spec, object.spec)) {
    causes.push({ reason: 'FieldValueForbidden', field: 'spec', message: `Forbidden: may not be changed once the request is ${String(phase)}` });
  }
  return causes;
};

export const transitionRules = { gatewayClass, roleRef, immutableData, endpointSlice, accessRequest };
