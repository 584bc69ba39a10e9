import type { K8sObject } from '@/lib/k8s/object';
import { RESOURCE_TYPES, type ResourceType } from '@/lib/k8s/kinds';

/**
 * The few calls the conformance runner makes against Portico's `/k8s` API, with the admin token.
 * Paths come from the resource table, so a kind Portico does not serve is known up front
 * (`typeFor` returns undefined) and the runner can skip it instead of failing the apply.
 */
export interface K8sClient {
  typeFor(apiVersion: string, kind: string): ResourceType | undefined;
  /** Creates the object; returns false when it already existed (409). */
  create(object: K8sObject): Promise<boolean>;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<K8sObject | undefined>;
  /** A namespaced kind's objects in `namespace`, or in every namespace when it is undefined. */
  list(apiVersion: string, kind: string, namespace: string | undefined): Promise<K8sObject[]>;
  /** Deletes; a missing object is fine. */
  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<void>;
  mergePatch(apiVersion: string, kind: string, namespace: string | undefined, name: string, patch: object): Promise<void>;
}

export function createK8sClient(baseUrl: string, token: string): K8sClient {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  function typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
    return RESOURCE_TYPES.find((t) => t.group === group && t.kind === kind);
  }

  /** `namespace` null: the collection across all namespaces; undefined: the `default` namespace. */
  function collectionPath(apiVersion: string, kind: string, namespace: string | null | undefined): string {
    const type = typeFor(apiVersion, kind);
    if (!type) throw new Error(`Portico does not serve ${apiVersion} ${kind}`);
    const prefix = type.group === '' ? `/api/${apiVersion}` : `/apis/${apiVersion}`;
    const ns = type.namespaced && namespace !== null ? `/namespaces/${namespace ?? 'default'}` : '';
    return `${baseUrl}/k8s${prefix}${ns}/${type.plural}`;
  }

  async function call(url: string, init: RequestInit, okMissing = false): Promise<Response | undefined> {
    const res = await fetch(url, { ...init, headers });
    if (res.ok) return res;
    if (okMissing && res.status === 404) return undefined;
    const text = await res.text();
    const err = new Error(`${init.method ?? 'GET'} ${url.slice(baseUrl.length)}: ${res.status} ${text.slice(0, 300)}`) as Error & { status: number };
    err.status = res.status;
    throw err;
  }

  return {
    typeFor,
    async create(object) {
      try {
        await call(collectionPath(object.apiVersion, object.kind, object.metadata.namespace), { method: 'POST', body: JSON.stringify(object) });
        return true;
      } catch (err) {
        if ((err as { status?: number }).status === 409) return false;
        throw err;
      }
    },
    async get(apiVersion, kind, namespace, name) {
      const res = await call(`${collectionPath(apiVersion, kind, namespace)}/${name}`, { method: 'GET' }, true);
      return res ? ((await res.json()) as K8sObject) : undefined;
    },
    async list(apiVersion, kind, namespace) {
      const res = await call(collectionPath(apiVersion, kind, namespace ?? null), { method: 'GET' });
      return ((await res!.json()) as { items?: K8sObject[] }).items ?? [];
    },
    async remove(apiVersion, kind, namespace, name) {
      await call(`${collectionPath(apiVersion, kind, namespace)}/${name}`, { method: 'DELETE' }, true);
    },
    async mergePatch(apiVersion, kind, namespace, name, patch) {
      const url = `${collectionPath(apiVersion, kind, namespace)}/${name}`;
      const res = await fetch(url, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(patch) });
      if (!res.ok) throw new Error(`PATCH ${url.slice(baseUrl.length)}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    },
  };
}

/** The values of an object's `status.addresses` (a Gateway's), in order. */
export function statusAddresses(object: K8sObject | undefined): string[] {
  const addresses = (object?.status as { addresses?: Array<{ value?: string }> } | undefined)?.addresses ?? [];
  return addresses.flatMap((a) => (a.value ? [a.value] : []));
}

/**
 * Where a Gateway says it is: its first status address, as upstream's GatewayAndRoutesMustBeAccepted
 * returns; 127.0.0.1 when it reports none (or is not found), so a request still shows what the listener does.
 */
export async function gatewayAddress(client: K8sClient, ref: { namespace: string; name: string }): Promise<string> {
  const gateway = await client.get('gateway.networking.k8s.io/v1', 'Gateway', ref.namespace, ref.name).catch(() => undefined);
  return statusAddresses(gateway)[0] ?? '127.0.0.1';
}
