import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildSnapshot, snapshotFromKinds } from '@/server/graph/resource-snapshot';

const o = (kind: string, name: string): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'ns' } });

describe('snapshotFromKinds', () => {
  const lists = new Map<string, K8sObject[]>([
    ['HTTPRoute', [o('HTTPRoute', 'b'), o('HTTPRoute', 'a')]],
    ['Service', [o('Service', 's')]],
    ['Gateway', []],
    ['ConfigMap', [o('ConfigMap', 'ignored')]],
  ]);

  it('equals buildSnapshot of every list concatenated', () => {
    const all = [...lists.values()].flat();
    expect(snapshotFromKinds(lists, 'x/y')).toEqual(buildSnapshot(all, 'x/y'));
  });

  it('hands each list on as it is (an unchanged kind keeps its array), and an empty one for a kind not given', () => {
    const snapshot = snapshotFromKinds(lists);
    expect(snapshot.httpRoutes).toBe(lists.get('HTTPRoute'));
    expect(snapshot.services).toBe(lists.get('Service'));
    expect(snapshot.grpcRoutes).toEqual([]);
  });
});
