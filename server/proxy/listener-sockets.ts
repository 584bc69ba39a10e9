import { createServer as createHttp2Server, type Http2Server, type ServerHttp2Session, type ServerOptions as Http2ServerOptions } from 'node:http2';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureContext, type TLSSocket } from 'node:tls';
import { type ListenerBinding } from '@/lib/ir/protocol';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { lookupHost, socketKey } from '@/lib/routing/compile-route-table';
import { normalizeRequestHost } from '@/lib/routing/hostnames';
import { type Logger } from '@/server/observability/logger';
import { type ActiveConfig, chooseCertificate } from '@/server/proxy/compile-config';
import { sniffPreface } from '@/server/proxy/h2c-sniffer';
import { handleRequest } from '@/server/proxy/handle-request';
import { type Http1Limits } from '@/server/proxy/http1/http1-connection';
import { Http1Server } from '@/server/proxy/http1/http1-server';
import { handleUpgrade } from '@/server/proxy/upgrade-request';
import { type ListenerPortContext } from '@/server/proxy/route-request';

/**
 * HTTP/1.x hardening per API-AND-VALIDATION c.2b: node's strict parser (never lenient), 16 KiB
 * of request line and headers (431 above), a request's headers within 15 s and all of it within
 * 60 s (408 otherwise, checked every second), idle keep-alive connections closed after 5 s.
 * Host is required and duplicates are never joined (http1-connection.ts, route-request.ts).
 */
export const LISTENER_HTTP1_LIMITS: Http1Limits = Object.freeze({
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
});

/**
 * HTTP/2 (h2c and ALPN h2) limits: 16 KiB of headers in at most 100 fields, 256 concurrent
 * streams per connection, no push, bounded session memory and tolerance for invalid frames
 * and refused streams (flood protection), idle connections closed after a minute.
 */
export const LISTENER_H2_OPTIONS: Http2ServerOptions = Object.freeze({
  maxHeaderListPairs: 100,
  maxSessionMemory: 32,
  maxSessionInvalidFrames: 100,
  maxSessionRejectedStreams: 100,
  settings: { maxConcurrentStreams: 256, maxHeaderListSize: 16 * 1024, enablePush: false },
});
const H2_IDLE_MS = 60_000;

/** How long connections of an unbound port may finish their requests before they are cut. */
const DRAIN_MS = 30_000;

interface PortBinding {
  /** socketKey(address, port) */
  readonly key: string;
  readonly address: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  /** The listening socket (TLS for HTTPS). */
  readonly server: NetServer;
  /** Its HTTP/1.x connections. */
  readonly http1: Http1Server;
  /** Never listens: takes the connections that speak HTTP/2 (h2c preface, or ALPN h2). */
  readonly h2: Http2Server;
  readonly sessions: Set<ServerHttp2Session>;
  state: 'binding' | 'bound' | 'failed';
  /** What was bound, e.g. `127.0.0.2:8080`, once bound. */
  boundAddress?: string;
  reason?: string;
  readonly settled: Promise<void>;
}

/**
 * The listening sockets, reconciled to each snapshot's listeners: one socket per (address,
 * port), port p on p + offset. A socket is kept across snapshots while its protocol stays the
 * same; one that cannot bind is reported (and retried with the next snapshot), never fatal.
 */
export class ListenerSockets {
  private readonly ports = new Map<string, PortBinding>();

  constructor(
    private readonly options: {
      portOffset: number;
      activeConfig: () => ActiveConfig | undefined;
      logger: Logger;
    },
  ) {}

  /** Binds and unbinds to match the snapshot; resolves when every bind attempt has settled. */
  async reconcile(snapshot: RoutingSnapshot): Promise<void> {
    const wanted = new Map<string, { address: string; port: number; protocol: 'HTTP' | 'HTTPS' }>();
    for (const listener of snapshot.listeners) {
      for (const address of listener.addresses) {
        const key = socketKey(address, listener.port);
        if (!wanted.has(key)) wanted.set(key, { address, port: listener.port, protocol: listener.protocol });
      }
    }
    for (const [key, binding] of this.ports) {
      if (wanted.get(key)?.protocol !== binding.protocol || binding.state === 'failed') this.unbind(binding);
    }
    for (const [key, socket] of wanted) {
      if (!this.ports.has(key)) this.ports.set(key, this.bind(key, socket.address, socket.port, socket.protocol));
      const binding = this.ports.get(key);
      if (binding?.protocol === 'HTTPS') this.setDefaultCertificate(binding, snapshot);
    }
    await Promise.all([...this.ports.values()].map((b) => b.settled));
  }

  /**
   * One entry per snapshot listener: bound (on every one of its addresses), where, or why not.
   * A listener with several addresses reports the first failing socket, else its first address.
   */
  bindings(snapshot: RoutingSnapshot): ListenerBinding[] {
    return snapshot.listeners.map((listener) => {
      let first: ListenerBinding | undefined;
      for (const address of listener.addresses) {
        const verdict = this.bindingOf(listener.name, listener.protocol, socketKey(address, listener.port));
        if (!verdict.bound) return verdict;
        first ??= verdict;
      }
      return first ?? { name: listener.name, bound: false, reason: 'NotBound' };
    });
  }

  private bindingOf(name: string, protocol: 'HTTP' | 'HTTPS', key: string): ListenerBinding {
    const binding = this.ports.get(key);
    if (binding === undefined) return { name, bound: false, reason: 'NotBound' };
    if (binding.protocol !== protocol) return { name, bound: false, reason: 'ProtocolConflict' };
    if (binding.state === 'bound') return { name, bound: true, address: binding.boundAddress };
    return { name, bound: false, reason: binding.state === 'binding' ? 'Binding' : (binding.reason ?? 'BindFailed') };
  }

  async closeAll(): Promise<void> {
    const closing = [...this.ports.values()].map(
      (binding) =>
        new Promise<void>((resolve) => {
          this.ports.delete(binding.key);
          if (binding.state === 'binding') {
            void binding.settled.then(() => (binding.state === 'bound' ? binding.server.close(() => resolve()) : resolve()));
            return;
          }
          if (binding.state !== 'bound') return resolve();
          binding.server.close(() => resolve());
          binding.http1.closeAll();
          for (const session of binding.sessions) session.destroy();
        }),
    );
    await Promise.all(closing);
  }

  /**
   * One listening socket serving HTTP/1.x and HTTP/2 on the same port. HTTP: a connection that
   * opens with the HTTP/2 preface (h2c prior knowledge) goes to the HTTP/2 server, the rest to
   * our HTTP/1.x connections. HTTPS: ALPN offers h2 and http/1.1 and the TLS socket goes to the
   * side the client chose. Both share the request path.
   */
  private bind(key: string, address: string, port: number, protocol: 'HTTP' | 'HTTPS'): PortBinding {
    const ctx: ListenerPortContext = { address, port, socketKey: socketKey(address, port), scheme: protocol === 'HTTPS' ? 'https' : 'http', activeConfig: this.options.activeConfig };
    const http1 = new Http1Server({ request: (req, res) => handleRequest(req, res, ctx), upgrade: (req, socket, head) => handleUpgrade(req, socket, head, ctx) }, LISTENER_HTTP1_LIMITS);
    const h2 = createHttp2Server(LISTENER_H2_OPTIONS);
    h2.on('request', (req, res) => handleRequest(req, res, ctx));
    const sessions = new Set<ServerHttp2Session>();
    h2.on('session', (session) => {
      sessions.add(session);
      session.once('close', () => sessions.delete(session));
      session.setTimeout(H2_IDLE_MS, () => session.close());
    });
    let server: NetServer;
    if (protocol === 'HTTPS') {
      server = createTlsServer({ handshakeTimeout: 10_000, ALPNProtocols: ['h2', 'http/1.1'], SNICallback: (name, cb) => cb(null, this.certificateFor(key, name)) });
      server.on('secureConnection', (socket: TLSSocket) => (socket.alpnProtocol === 'h2' ? h2.emit('connection', socket) : http1.accept(socket)));
      // A failed handshake is the client's problem, never the listener's.
      server.on('tlsClientError', (_err: Error, socket: TLSSocket) => socket.destroy());
    } else {
      server = createNetServer({ noDelay: true });
      server.on('connection', (socket: Socket) =>
        sniffPreface(socket, LISTENER_HTTP1_LIMITS.headersTimeoutMs, (verdict) => (verdict === 'h2' ? h2.emit('connection', socket) : http1.accept(socket))),
      );
    }
    const actualPort = port + this.options.portOffset;
    let resolveSettled: () => void = () => {};
    const binding: PortBinding = { key, address, port, protocol, server, http1, h2, sessions, state: 'binding', settled: new Promise<void>((r) => (resolveSettled = r)) };
    const onError = (err: NodeJS.ErrnoException): void => {
      binding.state = 'failed';
      binding.reason = err.code ?? err.message;
      this.options.logger.warn({ address, port, actualPort, reason: binding.reason }, 'proxy listener could not bind');
      resolveSettled();
    };
    server.once('error', onError);
    server.listen(actualPort, address, () => {
      server.off('error', onError);
      binding.state = 'bound';
      binding.boundAddress = `${address.includes(':') ? `[${address}]` : address}:${actualPort}`;
      this.options.logger.info({ port, address: binding.boundAddress, protocol }, 'proxy listener bound');
      resolveSettled();
    });
    return binding;
  }

  /** Stops accepting; open connections finish their requests (idle ones close now, the rest after a drain period). */
  private unbind(binding: PortBinding): void {
    this.ports.delete(binding.key);
    if (binding.state === 'binding') {
      // Still binding: close it as soon as it is listening, or it would serve forever unseen.
      void binding.settled.then(() => binding.state === 'bound' && binding.server.close());
      return;
    }
    if (binding.state !== 'bound') return;
    binding.server.close();
    binding.http1.closeIdle();
    // HTTP/2: GOAWAY now, streams in flight may finish.
    for (const session of binding.sessions) session.close();
    setTimeout(() => {
      binding.http1.closeAll();
      for (const session of binding.sessions) session.destroy();
    }, DRAIN_MS).unref();
    this.options.logger.info({ address: binding.address, port: binding.port }, 'proxy listener unbound');
  }

  /** SNI: the listener the name selects on this socket, then its certificate covering the name. */
  private certificateFor(key: string, servername: string): SecureContext | undefined {
    const config = this.options.activeConfig();
    const compiledPort = config?.table.sockets.get(key);
    if (config === undefined || compiledPort === undefined) return undefined;
    const listener = lookupHost(compiledPort.listeners, normalizeRequestHost(servername));
    const list = listener ? config.certificates.get(listener.listener.name) : undefined;
    return list ? chooseCertificate(list, servername)?.context : undefined;
  }

  /** Clients without SNI get the first certificate of the socket's first HTTPS listener. */
  private setDefaultCertificate(binding: PortBinding, snapshot: RoutingSnapshot): void {
    const listener = snapshot.listeners.find((l) => l.port === binding.port && l.protocol === 'HTTPS' && l.addresses.includes(binding.address));
    const id = listener?.tls?.certificates[0]?.materialId;
    const material = snapshot.certificates.find((c) => c.id === id);
    if (material === undefined || !('setSecureContext' in binding.server)) return;
    (binding.server as unknown as { setSecureContext(o: { cert: string; key: string }): void }).setSecureContext({ cert: material.certificatePem, key: material.privateKeyPem });
  }
}
