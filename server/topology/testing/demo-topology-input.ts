import type { K8sObject } from '@/lib/k8s/object';
import { backendKey, buildDemoWorld, DEMO_BACKENDS } from '@/server/demo/demo-world';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import type { TopologyInput } from '@/server/topology/build-topology';

const certificate = { certPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', keyPem: '-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n' };

/** The demo world (plus `extra` objects) through the real pipeline stages: what the controller hands the topology. */
export function demoTopologyInput(extra: K8sObject[] = [], drop: (o: K8sObject) => boolean = () => false): TopologyInput {
  const ports = new Map(DEMO_BACKENDS.map((b, i) => [backendKey(b), 40000 + i]));
  const namespaces = ['infra', 'team-a', 'team-b'].map((name): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const objects = [...namespaces, ...buildDemoWorld({ certificate, ports }), ...extra]
    .filter((o) => !drop(o))
    .map((o) => ({ ...o, metadata: { generation: 1, ...o.metadata } }));
  const input = buildSnapshot(objects);
  const graph = buildGraph(input);
  const statuses = computeStatuses(graph, { supportedFeatures: [], bundleVersions: ['v1.6.1'], programming: new Map() });
  return { input, graph, statuses };
}

/** team-b lets HTTPRoutes of team-a use Service payments. */
export const PAYMENTS_GRANT: K8sObject = {
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'ReferenceGrant',
  metadata: { name: 'storefront-to-payments', namespace: 'team-b' },
  spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service', name: 'payments' }] },
};
