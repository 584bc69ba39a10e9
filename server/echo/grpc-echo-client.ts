import { connect, constants as h2, type IncomingHttpHeaders } from 'node:http2';
import { decodeEchoResponse, type EchoResponse } from '@/server/echo/grpc-echo-message';
import { frameGrpcMessage, readGrpcFrames } from '@/server/echo/grpc-frame';

/**
 * A minimal unary gRPC client for the echo service (conformance runner, tests): HTTP/2 with
 * prior knowledge (or TLS with ALPN h2), `POST /<service>/<method>`, `content-type:
 * application/grpc`, `te: trailers`, an empty request message, metadata as headers. The
 * status comes from `grpc-status` (trailers, or the headers of a trailers-only answer);
 * without one, from the HTTP status as gRPC clients map it.
 */
export interface GrpcCallOptions {
  address: string;
  port: number;
  /** `:authority`; default `address:port`. */
  authority?: string;
  service: string;
  method: string;
  metadata?: Record<string, string>;
  timeoutMs: number;
  /** Call over TLS (ALPN h2) with this SNI; certificates are not verified unless `ca` is given. */
  tls?: { servername: string; ca?: string };
}

export interface GrpcCallResult {
  code: number;
  message: string;
  httpStatus: number;
  headers: IncomingHttpHeaders;
  trailers: IncomingHttpHeaders | undefined;
  /** The HEADERS frame ended the stream (a trailers-only answer). */
  trailersOnly: boolean;
  response?: EchoResponse;
}

/** gRPC's mapping for an answer without grpc-status (doc/http-grpc-status-mapping.md). */
export function grpcCodeForHttpStatus(status: number): number {
  switch (status) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;
    default:
      return 2;
  }
}

export function callGrpcEcho(options: GrpcCallOptions): Promise<GrpcCallResult> {
  const host = options.address.includes(':') ? `[${options.address}]` : options.address;
  const session = options.tls
    ? connect(`https://${host}:${options.port}`, { servername: options.tls.servername, ALPNProtocols: ['h2'], ...(options.tls.ca ? { ca: options.tls.ca } : { rejectUnauthorized: false }) })
    : connect(`http://${host}:${options.port}`);
  return new Promise<GrpcCallResult>((resolve, reject) => {
    let done = false;
    const finish = (err: Error | undefined, result?: GrpcCallResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      session.close();
      if (err) {
        session.destroy();
        reject(err);
      } else resolve(result as GrpcCallResult);
    };
    const timer = setTimeout(() => finish(new Error(`no gRPC answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    session.on('error', (err) => finish(err));
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.metadata ?? {})) metadata[k.toLowerCase()] = v;
    const stream = session.request({
      ...metadata,
      [h2.HTTP2_HEADER_METHOD]: 'POST',
      [h2.HTTP2_HEADER_PATH]: `/${options.service}/${options.method}`,
      [h2.HTTP2_HEADER_AUTHORITY]: options.authority ?? `${host}:${options.port}`,
      [h2.HTTP2_HEADER_SCHEME]: options.tls ? 'https' : 'http',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders | undefined;
    let trailersOnly = false;
    const chunks: Buffer[] = [];
    stream.on('response', (h, flags) => {
      headers = h;
      trailersOnly = (flags & h2.NGHTTP2_FLAG_END_STREAM) !== 0;
    });
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (err) => finish(err));
    stream.on('end', () => {
      const httpStatus = Number(headers[h2.HTTP2_HEADER_STATUS] ?? 0);
      const statusSource = trailers ?? (trailersOnly ? headers : undefined);
      const rawCode = statusSource?.['grpc-status'];
      let code: number;
      if (httpStatus !== 200) code = grpcCodeForHttpStatus(httpStatus);
      else if (rawCode === undefined) code = 13; // the server closed the stream without trailers
      else code = Number(rawCode);
      const message = decodeURIComponentSafe(String(statusSource?.['grpc-message'] ?? ''));
      const result: GrpcCallResult = { code, message, httpStatus, headers, trailers, trailersOnly };
      if (code === 0) {
        const frames = readGrpcFrames(Buffer.concat(chunks));
        const first = frames.messages[0];
        if (first === undefined) return finish(new Error('gRPC status OK without a response message'));
        try {
          result.response = decodeEchoResponse(first);
        } catch (err) {
          return finish(err as Error);
        }
      }
      finish(undefined, result);
    });
    stream.end(frameGrpcMessage(Buffer.alloc(0)));
  });
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
