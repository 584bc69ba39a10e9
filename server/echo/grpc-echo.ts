import { constants as h2, createServer, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import { type AddressInfo } from 'node:net';
import { encodeEchoResponse, type EchoHeader, GRPC_ECHO_SERVICE } from '@/server/echo/grpc-echo-message';
import { frameGrpcMessage } from '@/server/echo/grpc-frame';

/**
 * The gRPC mode of the conformance echo server (`GRPC_ECHO_SERVER=1` upstream): plaintext
 * HTTP/2 with prior knowledge, service `gateway_api_conformance.echo_basic.grpcecho.GrpcEcho`.
 * `Echo` and `EchoTwo` answer an EchoResponse describing the call (method, metadata,
 * `:authority`, the pod context); `EchoThree` and anything else is UNIMPLEMENTED (12), as
 * upstream's generated stubs answer.
 */
export interface GrpcEchoOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  pod?: string;
  namespace?: string;
  service?: string;
  ingress?: string;
  /** One line per answered call (upstream prints what it received). */
  onEcho?: (line: string) => void;
}

export interface RunningGrpcEchoServer {
  /** `http://host:port` (h2c). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const ECHO_METHODS = new Set(['Echo', 'EchoTwo']);
/** Metadata grpc-go keeps out of what a handler sees (transport headers). */
const RESERVED = new Set(['te', 'content-type', 'grpc-timeout', 'grpc-encoding', 'grpc-accept-encoding', 'grpc-message-type']);
/** A request body larger than this is refused (EchoRequest is empty). */
const MAX_BODY = 64 * 1024;

export async function startGrpcEchoServer(options: GrpcEchoOptions): Promise<RunningGrpcEchoServer> {
  const host = options.host ?? '127.0.0.1';
  const context = { namespace: options.namespace ?? '', ingress: options.ingress ?? '', serviceName: options.service ?? '', pod: options.pod ?? '' };
  const sessions = new Set<ServerHttp2Session>();
  const server = createServer();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => stream.destroy());
    if (headers[h2.HTTP2_HEADER_METHOD] !== 'POST') return stream.respond({ ':status': 405 }, { endStream: true });
    const contentType = headers['content-type'];
    if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) return stream.respond({ ':status': 415 }, { endStream: true });
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) trailersOnly(stream, 8, 'request too large');
    });
    stream.on('end', () => {
      if (stream.headersSent) return;
      const path = String(headers[h2.HTTP2_HEADER_PATH] ?? '');
      const [, service = '', method = '', extra] = path.split('/');
      if (extra !== undefined || service !== GRPC_ECHO_SERVICE) return trailersOnly(stream, 12, `unknown service ${service}`);
      if (!ECHO_METHODS.has(method)) return trailersOnly(stream, 12, `method ${method} not implemented`);
      const message = encodeEchoResponse({ assertions: { fullyQualifiedMethod: path, headers: metadataOf(headers), authority: String(headers[h2.HTTP2_HEADER_AUTHORITY] ?? ''), context } });
      options.onEcho?.(`Received over plaintext: ${path}`);
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0', 'grpc-message': '' }));
      stream.end(frameGrpcMessage(message));
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      });
      return closing;
    },
  };
}

/** gRPC metadata as grpc-go hands it to the handler: every value of every non-reserved header, plus `:authority`. */
function metadataOf(headers: IncomingHttpHeaders): EchoHeader[] {
  const out: EchoHeader[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || RESERVED.has(key) || (key.startsWith(':') && key !== ':authority')) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push({ key, value: v });
  }
  return out;
}

function trailersOnly(stream: ServerHttp2Stream, code: number, message: string): void {
  if (stream.headersSent || stream.destroyed) return;
  stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeURIComponent(message) }, { endStream: true });
}
