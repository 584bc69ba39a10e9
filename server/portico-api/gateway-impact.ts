import type { K8sObject } from '@/lib/k8s/object';
import { buildGraph } from '@/server/graph/build-graph';
import type { Graph, ListenerNode } from '@/server/graph/graph-types';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';

/**
 * Pre-apply impact of a Gateway edit (or a new Gateway): the graph is built twice with the
 * controller's own builder, on the snapshot as it is and with the proposed object swapped in,
 * and the routes' attachments to that Gateway are compared listener by listener. Pure.
 */

export interface AttachmentChange {
  kind: string;
  namespace: string;
  name: string;
  before: string[];
  after: string[];
  fully: boolean;
}

export interface ProposedListenerVerdict {
  name: string;
  accepted: boolean;
  problem?: { type: string; reason: string; message: string };
}

export interface GatewayImpactResult {
  managed: boolean;
  detached: AttachmentChange[];
  attached: AttachmentChange[];
  listeners: ProposedListenerVerdict[];
}

/** Route key -> listener names attached under any parentRef to `gatewayKey`. */
function attachments(graph: Graph, gatewayKey: string): Map<string, { kind: string; namespace: string; name: string; listeners: Set<string> }> {
  const result = new Map<string, { kind: string; namespace: string; name: string; listeners: Set<string> }>();
  for (const route of graph.routes) {
    const listeners = new Set(route.parents.filter((p) => p.gatewayKey === gatewayKey).flatMap((p) => p.listeners.map((l) => l.listenerName)));
    if (listeners.size > 0) result.set(`${route.kind}/${route.namespace}/${route.name}`, { kind: route.kind, namespace: route.namespace, name: route.name, listeners });
  }
  return result;
}

function verdict(listener: ListenerNode): ProposedListenerVerdict {
  const problem = [listener.conflicted, listener.accepted, listener.resolvedRefs, listener.notProgrammable].find(
    (c) => c !== undefined && (c.type === 'Conflicted' ? c.status === 'True' : c.status !== 'True'),
  );
  return {
    name: listener.name,
    accepted: listener.accepted.status === 'True',
    ...(problem ? { problem: { type: problem.type, reason: problem.reason, message: problem.message } } : {}),
  };
}

const sorted = (set: Set<string> | undefined) => [...(set ?? [])].sort();

export function computeGatewayImpact(snapshot: ResourceSnapshot, proposed: K8sObject): GatewayImpactResult {
  const namespace = proposed.metadata.namespace ?? '';
  const name = proposed.metadata.name ?? '';
  const key = `${namespace}/${name}`;
  const others = snapshot.gateways.filter((g) => !(g.metadata.namespace === namespace && g.metadata.name === name));
  const current = snapshot.gateways.find((g) => g.metadata.namespace === namespace && g.metadata.name === name);
  // The proposal is judged as the next generation of the live object (same uid and labels).
  const next: K8sObject = { ...proposed, metadata: { ...current?.metadata, ...proposed.metadata, namespace, name } };
  const before = attachments(buildGraph(snapshot), key);
  const afterGraph = buildGraph({ ...snapshot, gateways: [...others, next] });
  const after = attachments(afterGraph, key);
  const node = afterGraph.gateways.find((g) => g.key === key);

  const detached: AttachmentChange[] = [];
  const attached: AttachmentChange[] = [];
  for (const routeKey of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(routeKey);
    const will = after.get(routeKey);
    const route = (was ?? will)!;
    const change = { kind: route.kind, namespace: route.namespace, name: route.name, before: sorted(was?.listeners), after: sorted(will?.listeners), fully: !will };
    if (change.before.some((l) => !will?.listeners.has(l))) detached.push(change);
    if (change.after.some((l) => !was?.listeners.has(l))) attached.push({ ...change, fully: false });
  }
  const order = (a: AttachmentChange, b: AttachmentChange) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind);
  return {
    managed: node !== undefined,
    detached: detached.sort(order),
    attached: attached.sort(order),
    listeners: (node?.listeners ?? []).map(verdict),
  };
}
