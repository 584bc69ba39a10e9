import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { Graph } from '@/server/graph/graph-types';
import { gatewayGenerations } from '@/server/proxy-link/gateway-generations';
import type { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';

/**
 * The controller's `onSnapshot` hook for the data plane: publishes every reconciled routing
 * snapshot with the Gateway generations it was made from, so acks can be matched to
 * generations. An unchanged cluster publishes the same version, which wakes no proxy.
 */
export function createSnapshotPublisherHook(publisher: SnapshotPublisher): (snapshot: RoutingSnapshot, graph: Graph) => void {
  return (snapshot, graph) => publisher.publish(snapshot, gatewayGenerations(graph));
}
