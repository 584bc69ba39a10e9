import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import { buildSnapshot } from '@/server/graph/resource-snapshot';
import { createSnapshotPublisherHook } from '@/server/proxy-link/publish-snapshot';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';
import { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';

function graphOf(yaml: string) {
  return buildGraph(buildSnapshot(parseAllDocuments(yaml).map((d) => d.toJS() as K8sObject)));
}

const gateway = (generation: number, port: number) => `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: portico}
spec: {controllerName: portico.dev/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: infra, generation: ${generation}}
spec:
  gatewayClassName: portico
  listeners:
  - {name: http, port: ${port}, protocol: HTTP}
`;

describe('createSnapshotPublisherHook', () => {
  it('publishes the translated graph with its Gateway generations, and programming follows the ack', () => {
    const publisher = new SnapshotPublisher(() => new Date(0));
    const hook = createSnapshotPublisherHook(publisher);
    const cache = createTranslateCache();
    const publish = (graph: ReturnType<typeof graphOf>) => hook(translateGraph(graph, { cache }), graph);
    publish(graphOf(gateway(1, 80)));
    const first = publisher.current();
    expect(first?.listeners.map((l) => [l.name, l.port])).toEqual([['infra/public/http', 80]]);

    publisher.recordAck('p', { version: first?.version ?? '', accepted: true, listeners: [{ name: 'infra/public/http', bound: true, address: '127.0.0.1:8080' }] });
    expect(publisher.programming().get('infra/public')?.observedGeneration).toBe(1);

    // A new generation with the same IR keeps the version and the ack; the generation moves on.
    let changes = 0;
    publisher.onProgrammingChange(() => changes++);
    publish(graphOf(gateway(2, 80)));
    expect(publisher.current()?.version).toBe(first?.version);
    expect(publisher.programming().get('infra/public')?.observedGeneration).toBe(2);
    expect(changes).toBe(1);

    // Different IR: a new version, not acknowledged yet.
    publish(graphOf(gateway(3, 81)));
    expect(publisher.current()?.version).not.toBe(first?.version);
    expect(publisher.programming().size).toBe(0);
  });
});
