import type { ObjectLike as K8sObject, ObjectList as K8sList } from '@/lib/api/k8s-types';
import { K8sApiError } from '@/lib/api/k8s-api-error';
import { k8sCollectionPath, k8sObjectPath, k8sPath, type QueryValue, type ResourceRef } from '@/lib/api/k8s-paths';

/**
 * Browser-safe calls to /k8s: typed JSON on success, a K8sApiError (from the Kubernetes
 * Status) on failure. Same-origin credentials, so the session cookie authenticates and the
 * browser's `Sec-Fetch-Site: same-origin` satisfies the API's CSRF check on writes.
 */

export interface K8sFetchOptions {
  /** Absolute origin for callers outside the browser (tests, server rendering); '' in the browser. */
  baseUrl?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ListOptions extends K8sFetchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  query?: Record<string, QueryValue>;
}

export type PatchType = 'merge' | 'json' | 'strategic';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

async function call<T>(method: string, path: string, body: unknown, opts: K8sFetchOptions, contentType = 'application/json'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${opts.baseUrl ?? ''}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': contentType } : {}), ...opts.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new K8sApiError(0, 'NetworkError', `Could not reach the API: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy error page, say): the status line is all we can report.
  }
  if (!res.ok) throw K8sApiError.fromStatus(res.status, parsed, `${method} ${path} answered ${res.status} ${res.statusText}`.trim());
  return parsed as T;
}

function nameOf(obj: K8sObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('the object has no metadata.name');
  return name;
}

export const k8sFetch = {
  get<T extends K8sObject = K8sObject>(ref: ResourceRef, namespace: string | undefined, name: string, opts: K8sFetchOptions = {}): Promise<T> {
    return call<T>('GET', k8sObjectPath(ref, namespace, name), undefined, opts);
  },

  list<T extends K8sObject = K8sObject>(ref: ResourceRef, namespace?: string, opts: ListOptions = {}): Promise<K8sList<T>> {
    const query = { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, ...opts.query };
    return call<K8sList<T>>('GET', k8sCollectionPath(ref, namespace, query), undefined, opts);
  },

  create<T extends K8sObject = K8sObject>(ref: ResourceRef, namespace: string | undefined, obj: T, opts: K8sFetchOptions = {}): Promise<T> {
    return call<T>('POST', k8sCollectionPath(ref, namespace), obj, opts);
  },

  /** PUT; the object's metadata.resourceVersion makes it conditional (409 Conflict when stale). */
  update<T extends K8sObject = K8sObject>(ref: ResourceRef, obj: T, opts: K8sFetchOptions = {}): Promise<T> {
    return call<T>('PUT', k8sObjectPath(ref, obj.metadata.namespace, nameOf(obj)), obj, opts);
  },

  updateStatus<T extends K8sObject = K8sObject>(ref: ResourceRef, obj: T, opts: K8sFetchOptions = {}): Promise<T> {
    return call<T>('PUT', k8sPath(ref, { namespace: obj.metadata.namespace, name: nameOf(obj), subresource: 'status' }), obj, opts);
  },

  patch<T extends K8sObject = K8sObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    opts: K8sFetchOptions = {},
  ): Promise<T> {
    return call<T>('PATCH', k8sObjectPath(ref, namespace, name), patch, opts, PATCH_CONTENT_TYPES[type]);
  },

  delete(ref: ResourceRef, namespace: string | undefined, name: string, opts: K8sFetchOptions = {}): Promise<unknown> {
    return call<unknown>('DELETE', k8sObjectPath(ref, namespace, name), undefined, opts);
  },
};
