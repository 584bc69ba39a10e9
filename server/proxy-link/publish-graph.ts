import type { Graph } from '@/server/graph/graph-types';
import { gatewayGenerations } from '@/server/proxy-link/gateway-generations';
import type { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * The controller's `onGraph` hook for the data plane: translates every reconciled graph to IR
 * (with a cache kept across reconciles, so unchanged rules are not rebuilt) and publishes it with
 * the Gateway generations it was made from. An unchanged graph publishes the same version, which
 * wakes no proxy.
 */
export function createGraphPublisher(publisher: SnapshotPublisher): (graph: Graph) => void {
  const cache = createTranslateCache();
  return (graph) => publisher.publish(translateGraph(graph, { cache }), gatewayGenerations(graph));
}
