import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createH2cServer, type Http2Server } from 'node:http2';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createEchoHandler, H2_RESET_CODE } from '@/server/echo/echo-handler';
import type { EchoContext } from '@/server/echo/echo-response';
import { acceptWebSocketEcho, isWebSocketUpgrade } from '@/server/echo/websocket-echo';

/**
 * A stand-in for the upstream conformance echo server (`echo-basic`): HTTP/1.1 on `port`
 * (with the WebSocket echo on `/ws`) and, when `h2cPort` is given, HTTP/2 with prior knowledge
 * (h2c) there; that port answers anything else with 400 "Expected h2c request", as upstream.
 * Request handling is in echo-handler.
 */
export interface EchoServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The h2c port (upstream 3001); omitted: none. 0 picks a free port. */
  h2cPort?: number;
  host?: string;
  /** Pod name reported as `pod` (conformance checks it starts with the backend's name). */
  pod?: string;
  namespace?: string;
  service?: string;
  ingress?: string;
  /** Upstream prints one line per echoed request; the mirroring tests count them. */
  onEcho?: (line: string) => void;
}

export interface RunningEchoServer {
  url: string;
  port: number;
  /** `http://host:port` of the h2c port, when there is one. */
  h2cUrl?: string;
  h2cPort?: number;
  close(): Promise<void>;
}

/** The HTTP/2 connection preface: what a prior-knowledge h2c client sends first. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export async function startEchoServer(options: EchoServerOptions): Promise<RunningEchoServer> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let context: EchoContext = { namespace: options.namespace ?? '', ingress: options.ingress ?? '', service: options.service ?? '', pod: options.pod ?? '', httpPort: String(options.port) };
  const handler = createEchoHandler(() => context, options.onEcho);
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const http1: Server = createServer({ requireHostHeader: false }, (req, res) => handler.handle(req, res, () => req.socket.resetAndDestroy()));
  http1.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === '/ws' && isWebSocketUpgrade(req)) {
      acceptWebSocketEcho(req, socket, head);
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  http1.on('connection', track);
  const servers: Array<Server | TcpServer> = [http1];
  try {
    const port = await listen(http1, options.port, host);
    context = { ...context, httpPort: String(port) };
    let h2cPort: number | undefined;
    if (options.h2cPort !== undefined) {
      const h2c = createH2cEntrance(handler, track);
      servers.push(h2c.entrance);
      h2cPort = await listen(h2c.entrance, options.h2cPort, host);
    }
    const base = `http://${host.includes(':') ? `[${host}]` : host}`;
    let closing: Promise<void> | undefined;
    return {
      url: `${base}:${port}`,
      port,
      h2cUrl: h2cPort === undefined ? undefined : `${base}:${h2cPort}`,
      h2cPort,
      close() {
        closing ??= closeAll(servers, sockets, handler.cancelPending);
        return closing;
      },
    };
  } catch (err) {
    await closeAll(servers, sockets, handler.cancelPending);
    throw err;
  }
}

/**
 * A TCP server that looks at a connection's first bytes: the HTTP/2 preface goes to the h2c
 * server; anything else gets upstream's 400 "Expected h2c request".
 */
function createH2cEntrance(handler: ReturnType<typeof createEchoHandler>, track: (socket: Socket) => void): { entrance: TcpServer; h2: Http2Server } {
  const h2 = createH2cServer((req, res) => handler.handle(req, res, () => req.stream.close(H2_RESET_CODE)));
  const entrance = createTcpServer((socket) => {
    track(socket);
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const length = Math.min(seen.length, H2_PREFACE.length);
      if (!seen.subarray(0, length).equals(H2_PREFACE.subarray(0, length))) {
        socket.off('data', onData);
        const body = 'Expected h2c request';
        socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
        return;
      }
      if (seen.length < H2_PREFACE.length) return;
      socket.off('data', onData);
      // The HTTP/2 session reads what is already buffered on the socket first (node's setupHandle).
      socket.pause();
      socket.unshift(seen);
      h2.emit('connection', socket);
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  });
  return { entrance, h2 };
}

function listen(server: Server | TcpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeAll(servers: ReadonlyArray<Server | TcpServer>, sockets: Set<Socket>, cancelPending: () => void): Promise<void> {
  cancelPending();
  const closed = servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve())));
  for (const socket of sockets) socket.destroy();
  return Promise.all(closed).then(() => undefined);
}
