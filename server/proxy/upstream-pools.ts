import { Agent } from 'node:http';
import { type ClientHttp2Session, connect as http2Connect } from 'node:http2';
import { type IrBackendProtocol } from '@/lib/ir/backend';
import { UpstreamPool } from '@/server/proxy/http1/upstream-pool';

/**
 * One upstream endpoint as compiled rules use it: shared by every rule (and mirror) that sends
 * to the same address, port and protocol, so 10,000 rules to one Service hold one object.
 */
export interface CompiledEndpoint {
  readonly address: string;
  readonly port: number;
  /** `address:port`: the key of its pools (EndpointRefs counts rules by it). */
  readonly key: string;
  /** node:http keep-alive agent: mirrors. */
  readonly agent: Agent;
  /** Our HTTP/1.1 connection pool: the forwarded requests (less CPU per request than undici or node:http's client). */
  readonly pool: UpstreamPool;
  /** The HTTP/2 session holder, for `h2c` backends only. */
  readonly h2: H2Upstream | undefined;
  /** `[this]`: the endpoint list of a backend with this one endpoint, shared. */
  readonly asList: readonly CompiledEndpoint[];
  /** `[key]`: the endpoint keys of a rule that sends only here, shared. */
  readonly keyList: readonly string[];
}

/** An idle HTTP/2 upstream session is closed after this long (a new one opens on demand). */
const H2_IDLE_MS = 60_000;

/**
 * One HTTP/2 cleartext (h2c, prior knowledge) session to an endpoint, opened on first use and
 * reopened when it closes, goes away or fails; every request to the endpoint multiplexes over
 * it. Limits: the upstream's SETTINGS_MAX_CONCURRENT_STREAMS (nghttp2 queues streams beyond it,
 * the request deadline still runs), 32 MB of session memory, no server push.
 */
export class H2Upstream {
  private current: ClientHttp2Session | undefined;

  constructor(
    readonly address: string,
    readonly port: number,
  ) {}

  /** A usable session (connecting, or connected and not closing). */
  session(): ClientHttp2Session {
    const live = this.current;
    if (live !== undefined && !live.closed && !live.destroyed) return live;
    const host = this.address.includes(':') ? `[${this.address}]` : this.address;
    const session = http2Connect(`http://${host}:${this.port}`, { settings: { enablePush: false }, maxSessionMemory: 32 });
    const forget = (): void => {
      if (this.current === session) this.current = undefined;
    };
    // Streams report their own failures (the session error reaches each as a cancel with a cause).
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    session.setTimeout(H2_IDLE_MS, () => session.close());
    this.current = session;
    return session;
  }

  /** Graceful: open streams finish, new requests get a new session. */
  close(): void {
    this.current?.close();
    this.current = undefined;
  }

  destroy(): void {
    this.current?.destroy();
    this.current = undefined;
  }
}

/**
 * Keep-alive agents (HTTP/1.1) and HTTP/2 sessions (h2c backends), one per upstream endpoint,
 * shared by every snapshot version that names the endpoint: a new snapshot reuses warm
 * connections. Endpoints that leave the config lose their idle sockets and sessions; requests
 * still running on an old table finish on theirs.
 */
export class UpstreamPools {
  private readonly agents = new Map<string, Agent>();
  private readonly pools = new Map<string, UpstreamPool>();
  private readonly h2 = new Map<string, H2Upstream>();
  /** Shared CompiledEndpoints by `address:port`, HTTP/1.1 and h2c apart. */
  private readonly endpoints = new Map<string, CompiledEndpoint>();
  private readonly h2cEndpoints = new Map<string, CompiledEndpoint>();

  /**
   * The endpoint object for `address:port` spoken to over `protocol`, one per pools lifetime:
   * it holds this endpoint's agent, pool and (h2c) session holder. Dropped by `retain` with
   * them, so a rule compiled later gets fresh ones.
   */
  endpointFor(address: string, port: number, protocol: IrBackendProtocol): CompiledEndpoint {
    const key = `${address}:${port}`;
    const map = protocol === 'h2c' ? this.h2cEndpoints : this.endpoints;
    let endpoint = map.get(key);
    if (endpoint === undefined) {
      const asList: CompiledEndpoint[] = [];
      endpoint = { address, port, key, agent: this.agentFor(address, port), pool: this.poolFor(address, port), h2: protocol === 'h2c' ? this.h2For(address, port) : undefined, asList, keyList: [key] };
      asList.push(endpoint);
      map.set(key, endpoint);
    }
    return endpoint;
  }

  agentFor(address: string, port: number): Agent {
    const key = `${address}:${port}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 64, scheduling: 'lifo', timeout: 60_000 });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** The forwarding path's HTTP/1.1 pool (512 connections, LIFO keep-alive, idle 60 s, no pipelining: see UpstreamPool). */
  poolFor(address: string, port: number): UpstreamPool {
    const key = `${address}:${port}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = new UpstreamPool(address, port);
      this.pools.set(key, pool);
    }
    return pool;
  }

  h2For(address: string, port: number): H2Upstream {
    const key = `${address}:${port}`;
    let upstream = this.h2.get(key);
    if (upstream === undefined) {
      upstream = new H2Upstream(address, port);
      this.h2.set(key, upstream);
    }
    return upstream;
  }

  /** Drops agents and sessions whose endpoint is not in `inUse` (keys `address:port`), closing their idle sockets. */
  retain(inUse: ReadonlySet<string>): void {
    for (const map of [this.endpoints, this.h2cEndpoints]) for (const key of map.keys()) if (!inUse.has(key)) map.delete(key);
    for (const [key, agent] of this.agents) {
      if (inUse.has(key)) continue;
      this.agents.delete(key);
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
    for (const [key, pool] of this.pools) {
      if (inUse.has(key)) continue;
      this.pools.delete(key);
      // Graceful: requests running on an old table finish, then the sockets close.
      void pool.close();
    }
    for (const [key, upstream] of this.h2) {
      if (inUse.has(key)) continue;
      this.h2.delete(key);
      upstream.close();
    }
  }

  destroy(): void {
    this.endpoints.clear();
    this.h2cEndpoints.clear();
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    for (const pool of this.pools.values()) void pool.destroy();
    this.pools.clear();
    for (const upstream of this.h2.values()) upstream.destroy();
    this.h2.clear();
  }
}
