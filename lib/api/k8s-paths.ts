import type { ResourceType } from '@/lib/k8s/kinds';
import { storageVersion } from '@/lib/k8s/kinds';

/**
 * URL builder for the Kubernetes-compatible API under `/k8s`: collection, object and
 * subresource paths for any resource type in lib/k8s/kinds.ts. The console, tests and hooks
 * build every /k8s URL here so the core-group (`/api/v1`) vs named-group (`/apis/g/v`) rule
 * lives in one place.
 */

/** What the console needs to address a resource type: group, version and plural. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  /** Used in messages and diagnostics paths; optional so hand-written refs stay short. */
  kind?: string;
  namespaced?: boolean;
}

/** The ref of a kinds-table entry, at its storage version unless another is asked for. */
export function resourceRef(type: ResourceType, version = storageVersion(type)): ResourceRef {
  return { group: type.group, version, plural: type.plural, kind: type.kind, namespaced: type.namespaced };
}

export type QueryValue = string | number | boolean | undefined;

export interface K8sPathOptions {
  namespace?: string;
  name?: string;
  subresource?: 'status';
  query?: Record<string, QueryValue>;
}

/** `/k8s/apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/<sub>]][?query]`. */
export function k8sPath(ref: ResourceRef, opts: K8sPathOptions = {}): string {
  const root = ref.group === '' ? `/k8s/api/${ref.version}` : `/k8s/apis/${ref.group}/${ref.version}`;
  let path = root;
  if (opts.namespace) path += `/namespaces/${encodeURIComponent(opts.namespace)}`;
  path += `/${ref.plural}`;
  if (opts.name !== undefined) path += `/${encodeURIComponent(opts.name)}`;
  if (opts.subresource) {
    if (opts.name === undefined) throw new Error('a subresource path needs an object name');
    path += `/${opts.subresource}`;
  }
  return path + queryString(opts.query);
}

export function k8sCollectionPath(ref: ResourceRef, namespace?: string, query?: Record<string, QueryValue>): string {
  return k8sPath(ref, { namespace, query });
}

export function k8sObjectPath(ref: ResourceRef, namespace: string | undefined, name: string): string {
  return k8sPath(ref, { namespace, name });
}

export function k8sStatusPath(ref: ResourceRef, namespace: string | undefined, name: string): string {
  return k8sPath(ref, { namespace, name, subresource: 'status' });
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
