import type { ResourceRef } from '@/lib/api/k8s-paths';

/**
 * The one TanStack Query key factory of the console. Keys are hierarchical so a prefix
 * invalidates everything below it: `queryKeys.k8s.resource(ref)` covers every list and object
 * of that resource type. Helpers add their own sections here (topology, diagnostics, ...).
 */
export const queryKeys = {
  me: () => ['me'] as const,
  k8s: {
    all: () => ['k8s'] as const,
    /** Prefix of every list and object key of one resource type (any version). */
    resource: (ref: ResourceRef) => ['k8s', ref.group, ref.plural] as const,
    list: (ref: ResourceRef, namespace?: string, labelSelector?: string) =>
      ['k8s', ref.group, ref.plural, 'list', ref.version, namespace ?? '', labelSelector ?? ''] as const,
    object: (ref: ResourceRef, namespace: string | undefined, name: string) =>
      ['k8s', ref.group, ref.plural, 'object', ref.version, namespace ?? '', name] as const,
  },
  topology: {
    all: () => ['topology'] as const,
    model: (namespace: string, gateway: string, problemsOnly: boolean) => ['topology', 'model', namespace, gateway, problemsOnly] as const,
    traffic: () => ['topology', 'traffic'] as const,
  },
  /** Impact previews (lib/api/reference-grant-impact.ts); any k8s change may change them. */
  impact: {
    all: () => ['impact'] as const,
    grant: (namespace: string, name: string, stamp: string) => ['impact', 'grant', namespace, name, stamp] as const,
    proposedGrant: (body: string) => ['impact', 'proposed-grant', body] as const,
    gateway: (body: string) => ['impact', 'gateway', body] as const,
  },
  proxies: () => ['proxies'] as const,
  diagnostics: {
    all: () => ['diagnostics'] as const,
    route: (kind: string, namespace: string, name: string) => ['diagnostics', kind, namespace, name] as const,
  },
  /** An object's change history (lib/api/history.ts); invalidate after a restore. */
  history: {
    all: () => ['history'] as const,
    object: (group: string, kind: string, namespace: string, name: string) => ['history', group, kind, namespace, name] as const,
  },
};
