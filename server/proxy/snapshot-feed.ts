import type { SnapshotAck } from '@/lib/ir/protocol';

/**
 * Where a proxy's routing snapshots come from. In production: the control plane over HTTP (the
 * same protocol for a child process and a proxy on another host); in tests: any source. The feed
 * hands each snapshot over as received (unvalidated JSON): the proxy checks, compiles and swaps
 * it in, and returns its acknowledgement, which the feed reports back to the control plane.
 */
export interface SnapshotFeed {
  /**
   * Starts delivering; `apply` never throws (a bad snapshot is a rejected ack) and settles once
   * the snapshot is serving, so the ack reports which listener sockets really bound.
   */
  start(apply: (raw: unknown) => SnapshotAck | Promise<SnapshotAck>): void;
  /** Stops delivering; the proxy keeps serving its last good snapshot. */
  stop(): Promise<void>;
}
