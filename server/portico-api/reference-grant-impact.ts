import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import type { Graph } from '@/server/graph/graph-types';
import { buildReferenceGrantIndex, isReferenceAllowed, type ReferenceFrom, type ReferenceTo } from '@/server/graph/reference-grant-index';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';

/**
 * What a ReferenceGrant does to the objects the controller serves, computed with the
 * controller's own graph builder and grant matching: every cross-namespace reference of a
 * bound route (backendRefs and mirrors) and of a Gateway listener (certificateRefs) that this
 * grant permits, and which of those no other grant permits (deleting the grant breaks them).
 * Pure: the caller passes the snapshot, and hides names the user may not read.
 */

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface Reference {
  from: ReferenceFrom;
  to: ReferenceTo;
  referrer: { kind: string; namespace: string; name: string };
  field: string;
}

export interface ImpactEntry {
  kind: string;
  namespace: string;
  name: string;
  references: (ReferenceTo & { field: string })[];
}

export interface GrantImpact {
  enabled: ImpactEntry[];
  breaksIfDeleted: ImpactEntry[];
}

/** Every cross-namespace reference in the graph: route backends (and mirrors), Gateway certificates. */
export function collectCrossNamespaceReferences(graph: Graph): Reference[] {
  const refs: Reference[] = [];
  for (const route of graph.routes) {
    const from = { group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace };
    const referrer = { kind: route.kind, namespace: route.namespace, name: route.name };
    for (const rule of route.rules) {
      rule.backends.forEach((b, i) => refs.push({ from, referrer, to: { group: b.group, kind: b.kind, namespace: b.namespace, name: b.name }, field: `spec.rules[${rule.index}].backendRefs[${i}]` }));
      rule.mirrors.forEach((m) => refs.push({ from, referrer, to: { group: m.group, kind: m.kind, namespace: m.namespace, name: m.name }, field: `spec.rules[${rule.index}] requestMirror` }));
    }
  }
  for (const gateway of graph.gateways) {
    const from = { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gateway.namespace };
    const referrer = { kind: 'Gateway', namespace: gateway.namespace, name: gateway.name };
    const listeners = ((gateway.source.spec as { listeners?: unknown } | undefined)?.listeners ?? []) as { tls?: { certificateRefs?: { group?: string; kind?: string; namespace?: string; name?: string }[] } }[];
    listeners.forEach((listener, i) =>
      (Array.isArray(listener?.tls?.certificateRefs) ? listener.tls.certificateRefs : []).forEach((c, j) =>
        refs.push({
          from,
          referrer,
          to: { group: c.group ?? '', kind: c.kind ?? 'Secret', namespace: c.namespace ?? gateway.namespace, name: c.name ?? '' },
          field: `spec.listeners[${i}].tls.certificateRefs[${j}]`,
        }),
      ),
    );
  }
  return refs.filter((r) => r.from.namespace !== r.to.namespace);
}

function sameObject(a: K8sObject, namespace: string, name: string): boolean {
  return a.metadata.namespace === namespace && a.metadata.name === name;
}

function group(refs: Reference[]): ImpactEntry[] {
  const byReferrer = new Map<string, ImpactEntry>();
  for (const r of refs) {
    const key = JSON.stringify([r.referrer.namespace, r.referrer.name, r.referrer.kind]);
    const entry = byReferrer.get(key) ?? { ...r.referrer, references: [] };
    entry.references.push({ ...r.to, field: r.field });
    byReferrer.set(key, entry);
  }
  return [...byReferrer.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}

/**
 * The impact of `grant` on `snapshot`. The grant may be one already in the snapshot (it is
 * matched by namespace/name) or a proposed one (it is added): `enabled` is the same either way.
 */
export function computeReferenceGrantImpact(snapshot: ResourceSnapshot, grant: K8sObject): GrantImpact {
  const namespace = grant.metadata.namespace ?? '';
  const name = grant.metadata.name ?? '';
  const others = snapshot.referenceGrants.filter((g) => !sameObject(g, namespace, name));
  // Build with the grant present, so references it permits are resolved as they are (or would be).
  const graph = buildGraph({ ...snapshot, referenceGrants: [...others, grant] });
  const only = buildReferenceGrantIndex([grant]);
  const rest = buildReferenceGrantIndex(others);
  const enabled = collectCrossNamespaceReferences(graph).filter((r) => isReferenceAllowed(r.from, r.to, only));
  return {
    enabled: group(enabled),
    breaksIfDeleted: group(enabled.filter((r) => !isReferenceAllowed(r.from, r.to, rest))),
  };
}
