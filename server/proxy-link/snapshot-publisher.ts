import { isDeepStrictEqual } from 'node:util';
import { createSnapshotHashCache, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import { diffSnapshots } from '@/lib/ir/diff-snapshots';
import type { SnapshotAck } from '@/lib/ir/protocol';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import type { GatewayProgramming } from '@/server/status/status-types';
import { computeGatewayProgramming, type PublishedSnapshotInfo, type ReceivedAck } from '@/server/proxy-link/compute-gateway-programming';

/**
 * What a proxy is sent: the full RoutingSnapshot, or a SnapshotDelta from the version it
 * serves. The JSON is made on the first `json()` and shared by every proxy sent the same
 * document, so a publish costs no serialisation until some proxy asks.
 */
export interface SnapshotOffer {
  /** The version the proxy serves once it applies this. */
  version: string;
  kind: 'full' | 'delta';
  /** For a delta: the version it applies to. */
  baseVersion?: string;
  json(): string;
}

/**
 * How many published versions are kept, for matching acks and as delta bases: proxies ack (and
 * poll again) within moments. The snapshots share their unchanged rule and listener objects, so
 * keeping them costs little.
 */
const HISTORY = 16;

export type WaitResult = { kind: 'snapshot'; offer: SnapshotOffer } | { kind: 'timeout' } | { kind: 'closed' };

interface Waiter {
  since: string | undefined;
  proxyId: string | undefined;
  base: string | undefined;
  resolve: (result: WaitResult) => void;
}

/** A published version. Only the current one keeps JSON (old ones are never sent again), so memory holds one document. */
interface Retained extends PublishedSnapshotInfo {
  snapshot: RoutingSnapshot;
  json?: string;
  /** Delta JSON by base version, into this version; at most HISTORY entries, since bases must be retained. */
  deltas?: Map<string, string>;
}

/**
 * The control plane's side of the snapshot protocol, in memory: the latest routing snapshot
 * (set by whoever translates) and the recent ones before it, the proxies waiting for a newer
 * one, and every proxy's latest ack. A proxy that names the version it serves (`base`) is sent
 * a SnapshotDelta from it when that version is still kept, else the full snapshot. From the
 * acks it derives what the controller reports as `Programmed` (see computeGatewayProgramming)
 * and tells listeners when that may have changed.
 */
export class SnapshotPublisher {
  /** The recently published versions, oldest first, the current one last (see computeGatewayProgramming). */
  private readonly history: Retained[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly received = new Map<string, ReceivedAck>();
  private readonly ackListeners = new Set<() => void>();
  /** What programming() last returned: an ack that leaves it as it was tells no listener. */
  private lastProgramming: Map<string, GatewayProgramming> | undefined;
  private closed = false;

  /**
   * @param hashCache part hashes by object identity, for diffing. Pass the translator's cache
   *   (TranslateCache.hashCache) to reuse the hashes it already made for the same objects.
   */
  constructor(
    private readonly clock: () => Date = () => new Date(),
    readonly hashCache: SnapshotHashCache = createSnapshotHashCache(),
  ) {}

  /**
   * Makes `snapshot` the one to serve and wakes the proxies waiting for it. Publishing the same
   * version again (the same content) only refreshes the Gateway generations, which the ack
   * already covers: the proxy serves exactly that content. Nothing is serialised here.
   */
  publish(snapshot: RoutingSnapshot, gatewayGenerations: ReadonlyMap<string, number>): void {
    if (this.closed) return;
    const previous = this.history[this.history.length - 1];
    if (previous?.version === snapshot.version) {
      const changed = !sameGenerations(previous.gatewayGenerations, gatewayGenerations);
      previous.gatewayGenerations = new Map(gatewayGenerations);
      if (changed) this.notifyAckListeners();
      return;
    }
    if (previous) {
      previous.json = undefined;
      previous.deltas = undefined;
    }
    this.history.push({ version: snapshot.version, gatewayGenerations: new Map(gatewayGenerations), snapshot });
    if (this.history.length > HISTORY) this.history.shift();
    for (const waiter of [...this.waiters]) {
      const result = this.answerFor(waiter.since, waiter.proxyId, waiter.base);
      if (result) {
        this.waiters.delete(waiter);
        waiter.resolve(result);
      }
    }
  }

  current(): RoutingSnapshot | undefined {
    return this.history[this.history.length - 1]?.snapshot;
  }

  /**
   * The current version for a proxy that was last offered `since`: at once when the current
   * version differs, or when this proxy has not acknowledged the current version (it re-sends
   * its ack; this is how acks survive a control-plane restart); otherwise when a new one is
   * published, or `timeout` after `timeoutMs`. An aborted wait resolves as a timeout. `base` is
   * the version the proxy serves: when it is kept, the offer is a delta from it (empty when it
   * is the current version), otherwise the full snapshot.
   */
  waitForChange(since: string | undefined, proxyId: string | undefined, timeoutMs: number, signal?: AbortSignal, base?: string): Promise<WaitResult> {
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    const ready = this.answerFor(since, proxyId, base);
    if (ready) return Promise.resolve(ready);
    return new Promise<WaitResult>((resolve) => {
      const finish = (result: WaitResult) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
        resolve(result);
      };
      const waiter: Waiter = { since, proxyId, base, resolve: finish };
      const onAbort = () => finish({ kind: 'timeout' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      this.waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
  }

  /**
   * Records a proxy's ack (its latest one replaces the previous) and tells the ack listeners if
   * it changed what programming() returns, compared with what it returned last. The usual ack
   * (a new route's version applied, Gateways as they were) changes nothing there: it used to
   * cost a whole reconcile per change (at 10,000 routes ~4 ms and ~2.7 MB of garbage) for the
   * same statuses.
   */
  recordAck(proxyId: string, ack: SnapshotAck): void {
    const previous = this.received.get(proxyId);
    const next: ReceivedAck = { ...ack, proxyId, receivedAt: this.clock() };
    this.received.set(proxyId, next);
    this.dropDocumentsOnceServed();
    if (previous && sameAck(previous, next)) return;
    const last = this.lastProgramming;
    if (last !== undefined && isDeepStrictEqual(last, computeGatewayProgramming(this.history, this.received.values()))) return;
    this.notifyAckListeners();
  }

  /** Every proxy's latest ack, by proxy id. */
  acks(): Map<string, SnapshotAck & { receivedAt: Date }> {
    return new Map([...this.received].map(([id, ack]) => [id, { ...ack }]));
  }

  /** What the proxies have applied, per Gateway: the controller's `programming` input. */
  programming(): Map<string, GatewayProgramming> {
    const programming = computeGatewayProgramming(this.history, this.received.values());
    this.lastProgramming = programming;
    return programming;
  }

  /** Called when programming() may have changed since it was last called (e.g. to request a reconcile); returns the unsubscribe. */
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

  private answerFor(since: string | undefined, proxyId: string | undefined, base: string | undefined): WaitResult | undefined {
    const current = this.history[this.history.length - 1];
    if (!current) return undefined;
    const version = current.version;
    const stale = since !== version || (proxyId !== undefined && this.received.get(proxyId)?.version !== version);
    return stale ? { kind: 'snapshot', offer: this.offer(current, base) } : undefined;
  }

  /**
   * A delta when `base` is kept (a base equal to the current version gets the empty delta:
   * a proxy re-acking after a control-plane restart is not sent megabytes it has), else the
   * full snapshot. Each document is serialised at most once, when first asked for.
   */
  private offer(current: Retained, base: string | undefined): SnapshotOffer {
    // An offer answered after a newer publish is made but not kept: only the current version keeps documents.
    const isCurrent = () => this.history[this.history.length - 1] === current;
    const from = base === undefined ? undefined : this.history.findLast((entry) => entry.version === base);
    if (!from) {
      const json = () => {
        const text = current.json ?? JSON.stringify(current.snapshot);
        if (isCurrent()) current.json = text;
        return text;
      };
      return { version: current.version, kind: 'full', json };
    }
    const json = () => {
      let text = current.deltas?.get(from.version);
      if (text === undefined) {
        text = JSON.stringify(diffSnapshots(from.snapshot, current.snapshot, this.hashCache));
        if (isCurrent()) (current.deltas ??= new Map()).set(from.version, text);
      }
      return text;
    };
    return { version: current.version, kind: 'delta', baseVersion: from.version, json };
  }

  /**
   * Once every proxy that ever acked has acked the current version, its documents are not
   * needed until some proxy (a new or restarted one) asks again, which makes them anew: a large
   * delta (a burst of thousands of routes) or the full snapshot at 10,000 routes is megabytes
   * that otherwise stay on the heap until the next publish.
   */
  private dropDocumentsOnceServed(): void {
    const current = this.history[this.history.length - 1];
    if (!current || (current.json === undefined && current.deltas === undefined)) return;
    for (const ack of this.received.values()) if (ack.version !== current.version) return;
    current.json = undefined;
    current.deltas = undefined;
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
