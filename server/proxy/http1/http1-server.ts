import { type Socket } from 'node:net';
import { Http1Connection, type Http1Handlers, type Http1Limits } from '@/server/proxy/http1/http1-connection';

/** How often slow clients and idle keep-alive connections are looked for (node:http's connectionsCheckingInterval). */
const SWEEP_MS = 1_000;

/**
 * The HTTP/1.x connections of one listening socket: accepts sockets (plain or TLS, already
 * known not to be HTTP/2), enforces the header, request and keep-alive deadlines with one
 * sweep a second instead of timers per request, and closes idle or all connections when the
 * listener goes away.
 */
export class Http1Server {
  private readonly connections = new Set<Http1Connection>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly handlers: Http1Handlers,
    private readonly limits: Http1Limits,
  ) {}

  accept(socket: Socket): void {
    this.connections.add(new Http1Connection(socket, this.handlers, this.limits, this.forget));
    if (this.sweeper === undefined) {
      this.sweeper = setInterval(() => this.sweep(performance.now()), SWEEP_MS);
      this.sweeper.unref();
    }
  }

  get size(): number {
    return this.connections.size;
  }

  /** Idle connections close now; busy ones after the responses in flight. */
  closeIdle(): void {
    for (const connection of this.connections) connection.shutdown();
  }

  closeAll(): void {
    for (const connection of this.connections) connection.destroy();
  }

  /** One pass over the connections at `now` (performance.now()); public for tests. */
  sweep(now: number): void {
    const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = this.limits;
    for (const connection of this.connections) {
      if (connection.headersStartedAt > 0 && now - connection.headersStartedAt > headersTimeoutMs) connection.timeOut();
      else if (connection.requestStartedAt > 0 && now - connection.requestStartedAt > requestTimeoutMs) connection.timeOut();
      else if (connection.idleSince > 0 && connection.idle && now - connection.idleSince > keepAliveTimeoutMs) connection.destroy();
    }
  }

  private readonly forget = (connection: Http1Connection): void => {
    this.connections.delete(connection);
    if (this.connections.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  };
}
