import { createServer as createHttpServer, type Server as HttpServer, type ServerOptions } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type SecureContext } from 'node:tls';
import { type ListenerBinding } from '@/lib/ir/protocol';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { lookupHost } from '@/lib/routing/compile-route-table';
import { normalizeRequestHost } from '@/lib/routing/hostnames';
import { type Logger } from '@/server/observability/logger';
import { type ActiveConfig, chooseCertificate } from '@/server/proxy/compile-config';
import { handleRequest } from '@/server/proxy/handle-request';
import { handleUpgrade } from '@/server/proxy/upgrade-request';
import { type ListenerPortContext } from '@/server/proxy/route-request';

/**
 * Node's HTTP server hardened per API-AND-VALIDATION c.2b: strict parser (the default, never
 * insecureHTTPParser), Host required, 16 KiB of headers (431 above), header and request
 * deadlines checked every second instead of every 30 s, duplicates never joined.
 */
export const LISTENER_SERVER_OPTIONS: ServerOptions = Object.freeze({
  requireHostHeader: true,
  maxHeaderSize: 16 * 1024,
  headersTimeout: 15_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
  joinDuplicateHeaders: false,
});

/** How long connections of an unbound port may finish their requests before they are cut. */
const DRAIN_MS = 30_000;

interface PortBinding {
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly server: HttpServer;
  state: 'binding' | 'bound' | 'failed';
  address?: string;
  reason?: string;
  readonly settled: Promise<void>;
}

/**
 * The listening sockets, reconciled to each snapshot's listener ports (port p on p + offset).
 * A port keeps its socket across snapshots while its protocol stays the same; a port that
 * cannot bind is reported (and retried with the next snapshot), never fatal.
 */
export class ListenerSockets {
  private readonly ports = new Map<number, PortBinding>();

  constructor(
    private readonly options: {
      host: string;
      portOffset: number;
      activeConfig: () => ActiveConfig | undefined;
      logger: Logger;
    },
  ) {}

  /** Binds and unbinds to match the snapshot; resolves when every bind attempt has settled. */
  async reconcile(snapshot: RoutingSnapshot): Promise<void> {
    const wanted = new Map<number, 'HTTP' | 'HTTPS'>();
    for (const listener of snapshot.listeners) if (!wanted.has(listener.port)) wanted.set(listener.port, listener.protocol);
    for (const [port, binding] of this.ports) {
      if (wanted.get(port) !== binding.protocol || binding.state === 'failed') this.unbind(binding);
    }
    for (const [port, protocol] of wanted) {
      if (!this.ports.has(port)) this.ports.set(port, this.bind(port, protocol));
      const binding = this.ports.get(port);
      if (binding?.protocol === 'HTTPS') this.setDefaultCertificate(binding, snapshot);
    }
    await Promise.all([...this.ports.values()].map((b) => b.settled));
  }

  /** One entry per snapshot listener: bound, where, or why not. */
  bindings(snapshot: RoutingSnapshot): ListenerBinding[] {
    return snapshot.listeners.map((listener) => {
      const binding = this.ports.get(listener.port);
      if (binding === undefined) return { name: listener.name, bound: false, reason: 'NotBound' };
      if (binding.protocol !== listener.protocol) return { name: listener.name, bound: false, reason: 'ProtocolConflict' };
      if (binding.state === 'bound') return { name: listener.name, bound: true, address: binding.address };
      return { name: listener.name, bound: false, reason: binding.state === 'binding' ? 'Binding' : (binding.reason ?? 'BindFailed') };
    });
  }

  /** `{port: address}` of every bound port. */
  boundAddresses(): Map<number, string> {
    const out = new Map<number, string>();
    for (const [port, binding] of this.ports) if (binding.state === 'bound' && binding.address) out.set(port, binding.address);
    return out;
  }

  async closeAll(): Promise<void> {
    const closing = [...this.ports.values()].map(
      (binding) =>
        new Promise<void>((resolve) => {
          this.ports.delete(binding.port);
          if (binding.state === 'binding') {
            void binding.settled.then(() => (binding.state === 'bound' ? binding.server.close(() => resolve()) : resolve()));
            return;
          }
          if (binding.state !== 'bound') return resolve();
          binding.server.close(() => resolve());
          binding.server.closeAllConnections();
        }),
    );
    await Promise.all(closing);
  }

  private bind(port: number, protocol: 'HTTP' | 'HTTPS'): PortBinding {
    const ctx: ListenerPortContext = { port, scheme: protocol === 'HTTPS' ? 'https' : 'http', activeConfig: this.options.activeConfig };
    const server =
      protocol === 'HTTPS'
        ? createHttpsServer({ ...LISTENER_SERVER_OPTIONS, handshakeTimeout: 10_000, ALPNProtocols: ['http/1.1'], SNICallback: (name, cb) => cb(null, this.certificateFor(port, name)) })
        : createHttpServer(LISTENER_SERVER_OPTIONS);
    server.on('request', (req, res) => handleRequest(req, res, ctx));
    server.on('upgrade', (req, socket, head) => handleUpgrade(req, socket, head, ctx));
    const actualPort = port + this.options.portOffset;
    let resolveSettled: () => void = () => {};
    const binding: PortBinding = { port, protocol, server, state: 'binding', settled: new Promise<void>((r) => (resolveSettled = r)) };
    const onError = (err: NodeJS.ErrnoException): void => {
      binding.state = 'failed';
      binding.reason = err.code ?? err.message;
      this.options.logger.warn({ port, actualPort, reason: binding.reason }, 'proxy listener could not bind');
      resolveSettled();
    };
    server.once('error', onError);
    server.listen(actualPort, this.options.host, () => {
      server.off('error', onError);
      binding.state = 'bound';
      const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
      binding.address = `${host}:${actualPort}`;
      this.options.logger.info({ port, address: binding.address, protocol }, 'proxy listener bound');
      resolveSettled();
    });
    return binding;
  }

  /** Stops accepting; open connections finish their requests (idle ones close now, the rest after a drain period). */
  private unbind(binding: PortBinding): void {
    this.ports.delete(binding.port);
    if (binding.state === 'binding') {
      // Still binding: close it as soon as it is listening, or it would serve forever unseen.
      void binding.settled.then(() => binding.state === 'bound' && binding.server.close());
      return;
    }
    if (binding.state !== 'bound') return;
    binding.server.close();
    binding.server.closeIdleConnections();
    setTimeout(() => binding.server.closeAllConnections(), DRAIN_MS).unref();
    this.options.logger.info({ port: binding.port }, 'proxy listener unbound');
  }

  /** SNI: the listener the name selects on this port, then its certificate covering the name. */
  private certificateFor(port: number, servername: string): SecureContext | undefined {
    const config = this.options.activeConfig();
    const compiledPort = config?.table.ports.get(port);
    if (config === undefined || compiledPort === undefined) return undefined;
    const listener = lookupHost(compiledPort.listeners, normalizeRequestHost(servername));
    const list = listener ? config.certificates.get(listener.listener.name) : undefined;
    return list ? chooseCertificate(list, servername)?.context : undefined;
  }

  /** Clients without SNI get the first certificate of the port's first HTTPS listener. */
  private setDefaultCertificate(binding: PortBinding, snapshot: RoutingSnapshot): void {
    const listener = snapshot.listeners.find((l) => l.port === binding.port && l.protocol === 'HTTPS');
    const id = listener?.tls?.certificates[0]?.materialId;
    const material = snapshot.certificates.find((c) => c.id === id);
    if (material === undefined || !('setSecureContext' in binding.server)) return;
    (binding.server as unknown as { setSecureContext(o: { cert: string; key: string }): void }).setSecureContext({ cert: material.certificatePem, key: material.privateKeyPem });
  }
}
