import type { K8sObject } from '@/lib/k8s/object';
import type { ConformanceCase } from './conformance-case';
import type { K8sClient } from './k8s-client';
import { loadManifestFile } from './manifests';
import path from 'node:path';

/**
 * Opt-in workaround (`--isolate-gateways`), not upstream behaviour: upstream gives every Gateway
 * its own address, while Portico serves all Gateways on one listener host, so the four base
 * Gateways (three of them on port 80 without hostnames) collide and only one of them gets the
 * traffic. With this on, the base Gateways a test does not mention are deleted for the duration
 * of that test and recreated afterwards, which shows what the routing itself does.
 */
export function createGatewayIsolation(client: K8sClient, baseGateways: readonly K8sObject[], manifestsDir: string) {
  const mentioned = (test: ConformanceCase, gateway: K8sObject): boolean => {
    const text = JSON.stringify(test) + JSON.stringify(test.manifests.flatMap((f) => loadManifestFile(path.join(manifestsDir, f))));
    return text.includes(`"name":"${gateway.metadata.name ?? ''}"`);
  };
  return {
    /** Removes the base Gateways `test` does not use; returns the ones removed. */
    async isolate(test: ConformanceCase): Promise<K8sObject[]> {
      const removed = baseGateways.filter((g) => !mentioned(test, g));
      for (const g of removed) await client.remove(g.apiVersion, g.kind, g.metadata.namespace, g.metadata.name ?? '');
      return removed;
    },
    async restore(removed: readonly K8sObject[]): Promise<void> {
      for (const g of removed) await client.create(g);
    },
  };
}
