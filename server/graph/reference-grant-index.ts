import { referenceGrantSpecSchema, type ReferenceGrantTo } from '@/lib/gateway-api/reference-grant';
import type { K8sObject } from '@/lib/k8s/object';

/**
 * ReferenceGrants indexed once by (target namespace, from.group, from.kind, from.namespace):
 * each key holds the `to` entries some grant offers that referrer (SEMANTICS §9.3, §9.4).
 */
export interface ReferenceGrantIndex {
  readonly toEntries: ReadonlyMap<string, readonly ReferenceGrantTo[]>;
}

/** What isReferenceAllowed reads of an index (a ReferenceGrantIndex, or a view that records lookups). */
export interface GrantLookup {
  readonly toEntries: { get(key: string): readonly ReferenceGrantTo[] | undefined };
}

export interface ReferenceFrom {
  group: string;
  kind: string;
  namespace: string;
}

export interface ReferenceTo {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

const indexKey = (targetNamespace: string, from: ReferenceFrom) => JSON.stringify([targetNamespace, from.group, from.kind, from.namespace]);

/** A grant whose spec fails validation grants nothing. */
export function buildReferenceGrantIndex(grants: readonly K8sObject[]): ReferenceGrantIndex {
  const toEntries = new Map<string, ReferenceGrantTo[]>();
  for (const grant of grants) {
    const namespace = grant.metadata.namespace;
    const spec = referenceGrantSpecSchema.safeParse(grant.spec);
    if (!namespace || !spec.success) continue;
    for (const from of spec.data.from) {
      const key = indexKey(namespace, from);
      const list = toEntries.get(key) ?? [];
      list.push(...spec.data.to);
      toEntries.set(key, list);
    }
  }
  return { toEntries };
}

/**
 * Whether `from` may reference `to`. Same-namespace references need no grant; otherwise some
 * grant in the target namespace must name the referrer's group, kind and namespace exactly and
 * offer the target's group and kind, with no name or the target's name. Strings compare exactly.
 */
export function isReferenceAllowed(from: ReferenceFrom, to: ReferenceTo, grants: GrantLookup): boolean {
  if (from.namespace === to.namespace) return true;
  const offered = grants.toEntries.get(indexKey(to.namespace, from)) ?? [];
  return offered.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));
}
