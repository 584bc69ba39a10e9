import type { K8sObject } from '@/lib/k8s/object';
import {
  backendKey,
  DEMO_BACKENDS,
  DEMO_MANAGED_BY,
  DEMO_MANAGED_BY_LABEL,
  demoEndpointSliceBody,
  demoEndpointSliceName,
} from '@/server/demo/demo-world';
import { objectStoreKey, type Store } from '@/server/store/types';

/**
 * Points the demo's EndpointSlices at this run's echo ports, on every start (the backends get
 * new ephemeral ports each time). Only slices that still exist and still carry
 * `app.kubernetes.io/managed-by: portico-demo` are touched: a user who deleted a slice or took
 * it over (removed the label) keeps it as they left it. Slices already right are not rewritten.
 * One store transaction, read-modify-write, so a concurrent edit cannot be lost in between.
 * Returns the `namespace/name` of the slices it rewrote.
 */
export async function writeDemoEndpointPorts(store: Store, ports: ReadonlyMap<string, number>): Promise<string[]> {
  return store.transact((txn) => {
    const written: string[] = [];
    for (const backend of DEMO_BACKENDS) {
      const port = ports.get(backendKey(backend));
      if (port === undefined) continue;
      const name = demoEndpointSliceName(backend);
      const key = objectStoreKey('discovery.k8s.io', 'endpointslices', backend.namespace, name);
      const current = txn.get(key)?.value;
      if (!current || current.metadata.labels?.[DEMO_MANAGED_BY_LABEL] !== DEMO_MANAGED_BY) continue;
      const body = demoEndpointSliceBody(port);
      if (JSON.stringify(current.ports) === JSON.stringify(body.ports) && JSON.stringify(current.endpoints) === JSON.stringify(body.endpoints)) continue;
      const next: K8sObject = { ...current, ...body, metadata: { ...current.metadata } };
      txn.put(key, next);
      written.push(`${backend.namespace}/${name}`);
    }
    return written;
  });
}
