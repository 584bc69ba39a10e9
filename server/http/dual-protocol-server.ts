import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** The first byte of a TLS connection: a handshake record (RFC 8446 §5.1). */
const TLS_HANDSHAKE = 0x16;

export interface DualProtocolServer {
  /** The listening socket; hand it to `listen()`. */
  server: net.Server;
  /** Ends every open connection of both protocols (after `server.close()`). */
  closeAllConnections(): void;
}

export interface DualProtocolOptions {
  handler: RequestListener<typeof IncomingMessage, typeof ServerResponse>;
  tls: { cert: string; key: string };
  /** A connection that sends nothing for this long is closed before it is even classified. */
  firstByteTimeoutMs?: number;
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** How often the timeouts above are enforced (Node's default of 30 s lets slow clients linger). */
  connectionsCheckingIntervalMs?: number;
}

/**
 * One port, two protocols: connections that open with a TLS handshake are served HTTPS, the rest
 * plain HTTP, by the same request handler. The browser console keeps working on
 * http://127.0.0.1:3000 while kubectl, which sends bearer tokens only to https:// servers, uses
 * https://127.0.0.1:3000/k8s. Node's strict HTTP parser stays on for both.
 */
export function createDualProtocolServer(options: DualProtocolOptions): DualProtocolServer {
  const common = {
    requestTimeout: options.requestTimeoutMs ?? 300_000,
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    connectionsCheckingInterval: options.connectionsCheckingIntervalMs ?? 2_000,
  };
  const plain = http.createServer(common, options.handler);
  const secure = https.createServer({ ...common, cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, options.handler);
  const firstByteTimeoutMs = options.firstByteTimeoutMs ?? 30_000;
  // Every accepted socket, so shutdown can end them all: Node's own tracking misses some
  // connections handed over by 'connection' events (e.g. TLS streams a client left half-open).
  const sockets = new Set<net.Socket>();
  const server: net.Server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setTimeout(firstByteTimeoutMs, () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === TLS_HANDSHAKE ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
  });

  // The inner servers never listen themselves, but Node starts their connection tracking (which
  // enforces headersTimeout/requestTimeout against slow clients and lets closeAllConnections
  // work) on 'listening'; start it the same way the outer socket starts listening.
  server.once('listening', () => {
    plain.emit('listening');
    secure.emit('listening');
  });
  server.once('close', () => {
    // Stops their connection-checking timers; they were never bound, so the error is expected.
    plain.close(() => undefined);
    secure.close(() => undefined);
  });

  return {
    server,
    closeAllConnections() {
      plain.closeAllConnections();
      secure.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    },
  };
}
