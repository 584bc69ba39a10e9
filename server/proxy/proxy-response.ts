import { type OutgoingHttpHeaders } from 'node:http';
import { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { encodeGrpcMessage, grpcStatusForHttp } from '@/server/proxy/grpc-status';
import { type HeaderEdit } from '@/server/proxy/header-edits';
import { type Http1Request } from '@/server/proxy/http1/http1-request';
import { type Http1Response } from '@/server/proxy/http1/http1-response';

/** A request as a listener hands it over: HTTP/1.x (our own connections), or HTTP/2 (h2c or ALPN h2) via node's compat API. */
export type DownstreamRequest = Http1Request | Http2ServerRequest;
export type DownstreamResponse = Http1Response | Http2ServerResponse;

/** Whether the response can no longer be written (sent, or the client is gone). */
export function responseClosed(res: DownstreamResponse): boolean {
  return res.headersSent || ('stream' in res ? res.stream.destroyed : res.destroyed);
}

/**
 * A response the proxy makes itself (404, 500, 503, redirects...). `edits` are the rule's
 * ResponseHeaderModifiers, applied to gateway-made responses too (SEMANTICS 5.3 recommendation).
 * Never throws: a header node:http refuses degrades to a bare 500.
 */
export function sendProxyResponse(
  res: DownstreamResponse,
  status: number,
  body: string,
  edits: readonly HeaderEdit[] = NO_EDITS,
  location?: string,
): void {
  if (responseClosed(res)) return;
  const headers: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (location !== undefined) headers.location = location;
  for (const edit of edits) edit(headers);
  try {
    res.writeHead(status, headers);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 22 });
    res.end('invalid response header');
    return;
  }
  res.end(body);
}

/**
 * The same answer for a gRPC client (SEMANTICS 8.1): a trailers-only response, HTTP 200 with
 * `grpc-status` (mapped from `httpStatus`) and `grpc-message` in one HEADERS frame that ends
 * the stream (headers set without writeHead, so the compat layer sends them with END_STREAM).
 */
export function sendGrpcAnswer(res: DownstreamResponse, httpStatus: number, message: string, edits: readonly HeaderEdit[] = NO_EDITS): void {
  if (responseClosed(res)) return;
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/grpc', 'grpc-status': String(grpcStatusForHttp(httpStatus)), 'grpc-message': encodeGrpcMessage(message.trim()) };
  for (const edit of edits) edit(headers);
  sendHeadersOnly(res, 200, headers);
}

/**
 * A response that is only headers (gRPC trailers-only). Over HTTP/2 they go in one HEADERS frame
 * with END_STREAM; over HTTP/1.1 as a bodiless response. Header values node refuses are dropped.
 */
export function sendHeadersOnly(res: DownstreamResponse, status: number, headers: OutgoingHttpHeaders): void {
  if (responseClosed(res)) return;
  res.statusCode = status;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    try {
      res.setHeader(name, value);
    } catch {
      // an invalid value from config or upstream: leave it out rather than fail the answer
    }
  }
  if (!('stream' in res)) res.setHeader('content-length', 0);
  res.end();
}

const NO_EDITS: readonly HeaderEdit[] = [];
