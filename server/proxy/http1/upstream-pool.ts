import { coarseNow } from '@/server/proxy/http1/coarse-clock';
import { type ConnectionOwner, UpstreamConnection } from '@/server/proxy/http1/upstream-connection';
import { UpstreamError } from '@/server/proxy/http1/upstream-error';
import { UpstreamExchange, type UpstreamHandler, type UpstreamRequest } from '@/server/proxy/http1/upstream-exchange';

export interface UpstreamPoolOptions {
  /** Open connections at most (busy and idle); further requests wait in a FIFO queue. */
  readonly maxConnections?: number;
  /** An idle connection is closed after this long. */
  readonly idleTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Largest response head accepted, in bytes. */
  readonly maxHeaderSize?: number;
}

export interface UpstreamPoolStats {
  readonly connections: number;
  readonly idle: number;
  readonly queued: number;
}

const OPEN = 0;
const CLOSING = 1;
const DESTROYED = 2;

/**
 * The HTTP/1.1 connections to one upstream endpoint (replaces undici's Pool on the forwarding
 * path): keep-alive, one exchange per connection at a time, the most recently used idle
 * connection first (LIFO, so a burst's extra connections age out), at most `maxConnections`
 * (512) with a FIFO queue beyond, idle connections closed after `idleTimeoutMs` (60 s).
 * A connection the upstream closes while idle is dropped; one whose response said
 * `Connection: close` (or HTTP/1.0 without keep-alive) is not reused.
 */
export class UpstreamPool implements ConnectionOwner {
  private readonly idle: UpstreamConnection[] = [];
  private readonly connections = new Set<UpstreamConnection>();
  private queueHead: UpstreamExchange | undefined = undefined;
  private queueTail: UpstreamExchange | undefined = undefined;
  private sweeper: NodeJS.Timeout | undefined = undefined;
  private state = OPEN;
  private whenClosed: Promise<void> | undefined = undefined;
  private resolveClosed: (() => void) | undefined = undefined;
  private readonly maxConnections: number;
  private readonly idleTimeoutMs: number;
  private readonly connection: { readonly connectTimeoutMs: number; readonly maxHeaderSize: number };
  /** `host` for a request that has none (HTTP/1.1 requires one). */
  private readonly defaultHost: string;

  constructor(
    readonly address: string,
    readonly port: number,
    options: UpstreamPoolOptions = {},
  ) {
    this.maxConnections = options.maxConnections ?? 512;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.connection = { connectTimeoutMs: options.connectTimeoutMs ?? 10_000, maxHeaderSize: options.maxHeaderSize ?? 64 * 1024 };
    this.defaultHost = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /** Sends one request; everything after is reported to `handler` (never thrown). */
  dispatch(request: UpstreamRequest, handler: UpstreamHandler): void {
    const exchange = new UpstreamExchange(request, handler);
    handler.onRequestStart(exchange);
    if (exchange.done) return;
    if (this.state !== OPEN) return exchange.fail(new UpstreamError('UPSTREAM_POOL_CLOSED', 'the upstream pool is closed'));
    if (!exchange.prepare(this.defaultHost)) return;
    let connection = this.idle.pop();
    // One the upstream closed a moment ago waits for its 'close' event to leave the stack: skip it.
    while (connection !== undefined && connection.dead) connection = this.idle.pop();
    if (connection !== undefined) connection.start(exchange);
    else if (this.connections.size < this.maxConnections) this.open().start(exchange);
    else this.enqueue(exchange);
  }

  release(connection: UpstreamConnection): void {
    const next = this.dequeue();
    if (next !== undefined) return connection.start(next);
    if (this.state !== OPEN) return connection.destroy();
    connection.idleSince = coarseNow();
    this.idle.push(connection);
  }

  forget(connection: UpstreamConnection): void {
    this.connections.delete(connection);
    const at = this.idle.lastIndexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (this.state !== DESTROYED && this.queueHead !== undefined && this.connections.size < this.maxConnections) {
      const next = this.dequeue();
      if (next !== undefined) this.open().start(next);
    }
    if (this.connections.size > 0) return;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    if (this.state !== OPEN) this.resolveClosed?.();
  }

  /** Graceful: running and queued exchanges finish, then their connections close; new requests fail. */
  close(): Promise<void> {
    if (this.state === OPEN) {
      this.state = CLOSING;
      for (const connection of this.idle.splice(0)) connection.destroy();
    }
    if (this.connections.size === 0) return Promise.resolve();
    return (this.whenClosed ??= new Promise((resolve) => (this.resolveClosed = resolve)));
  }

  /** Fails every queued and running exchange and closes every connection now. */
  destroy(): Promise<void> {
    this.state = DESTROYED;
    this.idle.length = 0;
    const closed = this.close();
    for (let exchange = this.dequeue(); exchange !== undefined; exchange = this.dequeue()) {
      exchange.fail(new UpstreamError('UPSTREAM_POOL_CLOSED', 'the upstream pool was destroyed'));
    }
    for (const connection of [...this.connections]) connection.fail(new UpstreamError('UPSTREAM_POOL_CLOSED', 'the upstream pool was destroyed'));
    return closed;
  }

  stats(): UpstreamPoolStats {
    let queued = 0;
    for (let exchange = this.queueHead; exchange !== undefined; exchange = exchange.nextQueued) if (!exchange.done) queued++;
    return { connections: this.connections.size, idle: this.idle.length, queued };
  }

  /**
   * Times out exchanges past their headers deadline (running or queued), and closes the idle
   * connections unused for idleTimeoutMs: the oldest are at the bottom of the stack.
   */
  sweep(now = performance.now()): void {
    for (const connection of this.connections) {
      const exchange = connection.exchange;
      if (exchange !== undefined && exchange.headersDeadline > 0 && now >= exchange.headersDeadline) exchange.timeout();
    }
    for (let exchange = this.queueHead; exchange !== undefined; exchange = exchange.nextQueued) {
      if (!exchange.done && exchange.headersDeadline > 0 && now >= exchange.headersDeadline) exchange.timeout();
    }
    const limit = now - this.idleTimeoutMs;
    let expired = 0;
    while (expired < this.idle.length && (this.idle[expired] as UpstreamConnection).idleSince <= limit) expired++;
    if (expired === 0) return;
    for (const connection of this.idle.splice(0, expired)) connection.destroy();
  }

  private open(): UpstreamConnection {
    const connection = new UpstreamConnection(this, this.address, this.port, this.connection);
    this.connections.add(connection);
    if (this.sweeper === undefined) {
      // One timer per pool with connections, none per request: long headers deadlines are met within a second, idle connections close within 60-61 s.
      this.sweeper = setInterval(sweepPool, Math.min(1_000, Math.max(10, this.idleTimeoutMs / 4)), this);
      this.sweeper.unref();
    }
    return connection;
  }

  private enqueue(exchange: UpstreamExchange): void {
    if (this.queueTail === undefined) this.queueHead = exchange;
    else this.queueTail.nextQueued = exchange;
    this.queueTail = exchange;
  }

  /** The oldest queued exchange still waiting (aborted ones are dropped here). */
  private dequeue(): UpstreamExchange | undefined {
    let exchange = this.queueHead;
    while (exchange !== undefined) {
      this.queueHead = exchange.nextQueued;
      if (this.queueHead === undefined) this.queueTail = undefined;
      exchange.nextQueued = undefined;
      if (!exchange.done) return exchange;
      exchange = this.queueHead;
    }
    return undefined;
  }
}

function sweepPool(pool: UpstreamPool): void {
  pool.sweep();
}
