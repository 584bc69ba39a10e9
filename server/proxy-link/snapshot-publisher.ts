import type { SnapshotAck } from '@/lib/ir/protocol';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { GatewayProgramming } from '@/server/status/status-types';
import { computeGatewayProgramming, type PublishedSnapshotInfo, type ReceivedAck } from '@/server/proxy-link/compute-gateway-programming';

/** The snapshot being served, with its JSON made once for every proxy that fetches it. */
export interface PublishedSnapshot {
  snapshot: RoutingSnapshot;
  json: string;
}

/** How many published versions acks may still be matched against: proxies ack within moments. */
const HISTORY = 16;

export type WaitResult = { kind: 'snapshot'; published: PublishedSnapshot } | { kind: 'timeout' } | { kind: 'closed' };

interface Waiter {
  since: string | undefined;
  proxyId: string | undefined;
  resolve: (result: WaitResult) => void;
}

/**
 * The control plane's side of the snapshot protocol, in memory: the latest routing snapshot
 * (set by whoever translates), the proxies waiting for a newer one, and every proxy's latest ack.
 * From those acks it derives what the controller reports as `Programmed` (see
 * computeGatewayProgramming) and tells listeners when that may have changed.
 */
export class SnapshotPublisher {
  private published: PublishedSnapshot | undefined;
  /** The recently published versions with their Gateway generations, oldest first (see computeGatewayProgramming). */
  private readonly history: PublishedSnapshotInfo[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly received = new Map<string, ReceivedAck>();
  private readonly ackListeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /**
   * Makes `snapshot` the one to serve and wakes the proxies waiting for it. Publishing the same
   * version again (the same content) only refreshes the Gateway generations, which the ack
   * already covers: the proxy serves exactly that content.
   */
  publish(snapshot: RoutingSnapshot, gatewayGenerations: ReadonlyMap<string, number>): void {
    if (this.closed) return;
    const info = { version: snapshot.version, gatewayGenerations: new Map(gatewayGenerations) };
    const previousInfo = this.history[this.history.length - 1];
    if (this.published?.snapshot.version === snapshot.version) {
      this.history[this.history.length - 1] = info;
      if (!sameGenerations(previousInfo?.gatewayGenerations, gatewayGenerations)) this.notifyAckListeners();
      return;
    }
    this.history.push(info);
    if (this.history.length > HISTORY) this.history.shift();
    this.published = { snapshot, json: JSON.stringify(snapshot) };
    for (const waiter of [...this.waiters]) {
      const result = this.answerFor(waiter.since, waiter.proxyId);
      if (result) {
        this.waiters.delete(waiter);
        waiter.resolve(result);
      }
    }
  }

  current(): RoutingSnapshot | undefined {
    return this.published?.snapshot;
  }

  /**
   * The snapshot for a proxy that has `since`: at once when the current version differs, or when
   * this proxy has not acknowledged the current version (it re-sends its ack; this is how acks
   * survive a control-plane restart); otherwise when a new one is published, or `timeout` after
   * `timeoutMs`. An aborted wait resolves as a timeout.
   */
  waitForChange(since: string | undefined, proxyId: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<WaitResult> {
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    const ready = this.answerFor(since, proxyId);
    if (ready) return Promise.resolve(ready);
    return new Promise<WaitResult>((resolve) => {
      const finish = (result: WaitResult) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        resolve(result);
      };
      const waiter: Waiter = { since, proxyId, resolve: finish };
      const onAbort = () => finish({ kind: 'timeout' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
  }

  /** Records a proxy's ack (its latest one replaces the previous) and tells the ack listeners if it changed anything. */
  recordAck(proxyId: string, ack: SnapshotAck): void {
    const previous = this.received.get(proxyId);
    const next: ReceivedAck = { ...ack, proxyId, receivedAt: this.clock() };
    this.received.set(proxyId, next);
    if (!previous || !sameAck(previous, next)) this.notifyAckListeners();
  }

  /** Every proxy's latest ack, by proxy id. */
  acks(): Map<string, SnapshotAck & { receivedAt: Date }> {
    return new Map([...this.received].map(([id, ack]) => [id, { ...ack }]));
  }

  /** What the proxies have applied, per Gateway: the controller's `programming` input. */
  programming(): Map<string, GatewayProgramming> {
    return computeGatewayProgramming(this.history, this.received.values());
  }

  /** Called when programming() may have changed (e.g. to request a reconcile); returns the unsubscribe. */
  onProgrammingChange(listener: () => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }

  /** Ends every wait (`closed`) and refuses new ones: for shutdown. */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.resolve({ kind: 'closed' });
    this.waiters.clear();
    this.ackListeners.clear();
  }

  private answerFor(since: string | undefined, proxyId: string | undefined): WaitResult | undefined {
    const published = this.published;
    if (!published) return undefined;
    const version = published.snapshot.version;
    if (since !== version) return { kind: 'snapshot', published };
    if (proxyId !== undefined && this.received.get(proxyId)?.version !== version) return { kind: 'snapshot', published };
    return undefined;
  }

  private notifyAckListeners(): void {
    for (const listener of [...this.ackListeners]) listener();
  }
}

function sameGenerations(a: ReadonlyMap<string, number> | undefined, b: ReadonlyMap<string, number>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const [key, value] of b) if (a.get(key) !== value) return false;
  return true;
}

function sameAck(a: SnapshotAck, b: SnapshotAck): boolean {
  return (
    a.version === b.version &&
    a.accepted === b.accepted &&
    a.reason === b.reason &&
    a.activeVersion === b.activeVersion &&
    JSON.stringify(a.listeners ?? []) === JSON.stringify(b.listeners ?? [])
  );
}
