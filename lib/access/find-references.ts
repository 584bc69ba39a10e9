import type { K8sObject } from '@/lib/k8s/object';

/**
 * Which objects reference a target in another namespace, and where: the routes an
 * AccessRequest (or a ReferenceGrant) is about. Reads the raw specs the way the Gateway API
 * defaults them (backendRef group '' and kind Service, certificateRef group '' and kind
 * Secret, namespace = the referrer's own), so it works on anything the console listed.
 */

export interface ReferenceTarget {
  group: string;
  kind: string;
  namespace: string;
  /** Absent: any object of that kind in the namespace. */
  name?: string;
}

export interface FoundReference {
  kind: string;
  namespace: string;
  name: string;
  /** Field paths of the references, e.g. `spec.rules[2].backendRefs[0]`. */
  fields: string[];
}

interface RawRef {
  group?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

type Found = { field: string; ref: RawRef; defaultKind: string };

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}

function mirrorRefs(filters: unknown, at: string): Found[] {
  return asArray(filters).flatMap((f, i) => {
    const mirror = f.requestMirror as { backendRef?: RawRef } | undefined;
    return mirror?.backendRef ? [{ field: `${at}.filters[${i}].requestMirror.backendRef`, ref: mirror.backendRef, defaultKind: 'Service' }] : [];
  });
}

function routeRefs(spec: Record<string, unknown>): Found[] {
  return asArray(spec.rules).flatMap((rule, r) => [
    ...asArray(rule.backendRefs).flatMap((b, i) => [
      { field: `spec.rules[${r}].backendRefs[${i}]`, ref: b as RawRef, defaultKind: 'Service' },
      ...mirrorRefs(b.filters, `spec.rules[${r}].backendRefs[${i}]`),
    ]),
    ...mirrorRefs(rule.filters, `spec.rules[${r}]`),
  ]);
}

function gatewayRefs(spec: Record<string, unknown>): Found[] {
  return asArray(spec.listeners).flatMap((l, i) =>
    asArray((l.tls as Record<string, unknown> | undefined)?.certificateRefs).map((c, j) => ({
      field: `spec.listeners[${i}].tls.certificateRefs[${j}]`,
      ref: c as RawRef,
      defaultKind: 'Secret',
    })),
  );
}

/** The references of `object` (a route or Gateway) that point at `target`. */
export function referencesTo(object: K8sObject, target: ReferenceTarget): string[] {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const namespace = object.metadata.namespace ?? '';
  const found = object.kind === 'Gateway' ? gatewayRefs(spec) : routeRefs(spec);
  return found
    .filter(({ ref, defaultKind }) => {
      const group = ref.group ?? '';
      const kind = ref.kind ?? defaultKind;
      const ns = ref.namespace ?? namespace;
      return group === target.group && kind === target.kind && ns === target.namespace && (target.name === undefined || ref.name === target.name);
    })
    .map((f) => f.field);
}

/** Every object among `objects` with at least one reference to `target`, sorted by namespace/name. */
export function findReferences(objects: readonly K8sObject[], target: ReferenceTarget): FoundReference[] {
  return objects
    .map((o) => ({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '', fields: referencesTo(o, target) }))
    .filter((r) => r.fields.length > 0)
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}
