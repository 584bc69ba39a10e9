/**
 * Why an exchange with an upstream failed, as a stable code forward-request.ts maps to a status.
 * Socket errors from the OS (ECONNREFUSED, EHOSTUNREACH, ECONNRESET, EPIPE...) are passed on
 * as they are, except on a reused connection that failed before any response byte (see
 * UPSTREAM_STALE_CONNECTION).
 */
export type UpstreamErrorCode =
  /** Method, path or a header cannot be written as HTTP/1.1 (it came from config): nothing was sent. */
  | 'UPSTREAM_INVALID_REQUEST'
  /** No response head within the request's headersTimeout (counted from dispatch, queueing included). */
  | 'UPSTREAM_HEADERS_TIMEOUT'
  /** The TCP connection was not established within the connect timeout. */
  | 'UPSTREAM_CONNECT_TIMEOUT'
  /** The upstream closed the connection before the response was complete. */
  | 'UPSTREAM_CLOSED'
  /**
   * A kept-alive connection failed (closed, reset, EPIPE) before any byte of the response: the
   * upstream most likely closed it while idle as the request went out (the race every keep-alive
   * client has). The request may not have been processed: a bodiless one can be sent again.
   */
  | 'UPSTREAM_STALE_CONNECTION'
  /** The response is not valid HTTP/1.x (llhttp's HPE_* code is the cause's `code`), or a 101. */
  | 'UPSTREAM_INVALID_RESPONSE'
  /** The request body stream failed or ended short of its Content-Length (the client went away). */
  | 'UPSTREAM_REQUEST_BODY'
  /** The pool was closed or destroyed (its endpoint left the config, or the proxy stops). */
  | 'UPSTREAM_POOL_CLOSED';

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';

  constructor(
    readonly code: UpstreamErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
