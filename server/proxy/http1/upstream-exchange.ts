import { type Socket } from 'node:net';
import { type Readable } from 'node:stream';
import { coarseNow } from '@/server/proxy/http1/coarse-clock';
import { CHUNKED, encodeRequestHead, NO_BODY, type RequestHeaders, requestBodyLength } from '@/server/proxy/http1/encode-request-head';
import { UpstreamError } from '@/server/proxy/http1/upstream-error';

/** One request to send upstream, as forward-request.ts describes it (the shape of undici's dispatch options it replaced). */
export interface UpstreamRequest {
  readonly method: string;
  /** Path and query, sent as the request target. */
  readonly path: string;
  /** Lower-case names; framing headers are ours (see encodeRequestHead), `host` is sent as given. */
  readonly headers: RequestHeaders;
  /** The body to stream (with backpressure), or null for a bodiless request. */
  readonly body: Readable | null;
  /** Milliseconds from dispatch until the response head must have arrived; null or 0: no timer. */
  readonly headersTimeout: number | null;
  /**
   * Every header name and value is known valid for HTTP/1.1: parsed by llhttp from the client,
   * checked when the snapshot was loaded (header filters, rewrite hostnames), or the proxy's
   * own. The head then skips its per-header checks (method and target are still checked).
   */
  readonly headersChecked?: boolean;
}

/** Response headers and trailers: lower-case names, repeated names as arrays, set-cookie always an array. */
export type ResponseHeaders = Record<string, string | string[]>;

/** Header lines as llhttp parsed them: name, value, name, value... in their order and spelling (see responseHeaders). */
export type RawHeaders = readonly string[];

export interface UpstreamController {
  /** Ends the exchange: its connection is destroyed (never reused) and onResponseError gets `reason`; nothing follows. */
  abort(reason: Error): void;
  /** Stops reading the upstream socket (backpressure from the downstream); a chunk already being parsed still arrives. */
  pause(): void;
  resume(): void;
}

/**
 * What the pool tells about one exchange, in this order: onRequestStart once (synchronously in
 * dispatch), then onResponseStart, onResponseData*, onResponseEnd; or onResponseError at any
 * point after onRequestStart, after which nothing more is called. 1xx responses are skipped.
 */
export interface UpstreamHandler {
  onRequestStart(controller: UpstreamController): void;
  /** The final response head; its headers as parsed, since a forwarded head needs no header object (see Http1Response.writeUpstreamHead). */
  onResponseStart(controller: UpstreamController, statusCode: number, headers: RawHeaders): void;
  onResponseData(controller: UpstreamController, chunk: Buffer): void;
  /** The end of an upstream read that left the response incomplete: what it brought has been told. */
  onReadEnd?(controller: UpstreamController): void;
  onResponseEnd(controller: UpstreamController, trailers: ResponseHeaders): void;
  onResponseError(controller: UpstreamController, err: Error): void;
}

/** What the exchange needs of the connection it runs on (upstream-connection.ts). */
export interface ExchangeConnection {
  readonly socket: Socket;
  /** Whether the connection carried a complete exchange before. */
  readonly served: number;
  /** The exchange gave up on the connection: destroy it without reporting to the exchange. */
  abandon(): void;
  /** Stop and restart reading the response (the socket's own pause() may not reach a consumed socket). */
  pauseReads(): void;
  resumeReads(): void;
}

/** Headers deadlines at least this long are checked by the pool's sweep (upstream-pool.ts, every second), shorter ones by a timer. */
export const SWEPT_DEADLINE_MS = 5_000;

/** Where a request body being streamed keeps its exchange, for the shared listeners below. */
const EXCHANGE = Symbol('upstreamExchange');
type BodyStream = Readable & { [EXCHANGE]?: UpstreamExchange | undefined };

/**
 * One request/response exchange: the per-request object of the upstream hot path and the
 * controller its handler gets. It lives in the pool's queue until a connection takes it, then
 * writes its head and streams its body there; the connection feeds it the parsed response.
 */
export class UpstreamExchange implements UpstreamController {
  /** The next exchange in the pool's FIFO queue. */
  nextQueued: UpstreamExchange | undefined = undefined;
  connection: ExchangeConnection | undefined = undefined;
  /** The response has no body whatever its headers say (a HEAD request). */
  readonly headOnly: boolean;
  /** Set on the first response byte: a failure after it cannot be a stale keep-alive connection. */
  received = false;
  /** The connection had served an exchange before this one (a keep-alive reuse). */
  reused = false;
  /** onResponseEnd or onResponseError was called (or is being called): nothing more will be. */
  done = false;
  private head = '';
  /** Body bytes still to write (Content-Length), CHUNKED, or NO_BODY once none is left to write. */
  private bodyLeft = NO_BODY;
  private bodyPaused = false;
  private socketPaused = false;
  private timer: NodeJS.Timeout | undefined = undefined;
  /**
   * performance.now() (coarse) by which the response head must have arrived (0: no deadline), for long
   * deadlines the pool's once-a-second sweep enforces instead of a timer per request.
   */
  headersDeadline = 0;

  constructor(
    private readonly request: UpstreamRequest,
    private readonly handler: UpstreamHandler,
  ) {
    this.headOnly = request.method === 'HEAD';
  }

  /** The request body is still being written: the connection cannot carry another exchange yet. */
  get bodyPending(): boolean {
    return this.bodyLeft !== NO_BODY;
  }

  /** Validates and serialises the head; false (after onResponseError) when it cannot be sent. */
  prepare(defaultHost: string): boolean {
    const { request } = this;
    try {
      this.bodyLeft = requestBodyLength(request.headers, request.body !== null);
      this.head = encodeRequestHead(request.method, request.path, request.headers, this.bodyLeft, defaultHost, request.headersChecked === true);
    } catch (err) {
      this.fail(err as Error);
      return false;
    }
    if (this.bodyLeft === 0) this.bodyLeft = NO_BODY;
    const ms = request.headersTimeout;
    // A timer per request is measurable on the hot path; a default deadline of seconds may run up to a sweep late.
    if (ms !== null && ms >= SWEPT_DEADLINE_MS) this.headersDeadline = coarseNow() + ms;
    else if (ms !== null && ms > 0) this.timer = setTimeout(onHeadersTimeout, ms, this);
    return true;
  }

  /** Runs on `connection`: the head in one write, then the body as it comes. */
  start(connection: ExchangeConnection): void {
    this.connection = connection;
    this.reused = connection.served > 0;
    connection.socket.write(this.head, 'latin1');
    this.head = '';
    if (this.bodyLeft !== NO_BODY) this.attachBody(this.request.body as BodyStream);
  }

  abort(reason: Error): void {
    if (this.done) return;
    const connection = this.connection;
    this.connection = undefined;
    connection?.abandon();
    this.fail(reason);
  }

  pause(): void {
    if (this.done || this.connection === undefined || this.socketPaused) return;
    this.socketPaused = true;
    this.connection.pauseReads();
  }

  resume(): void {
    if (!this.socketPaused) return;
    this.socketPaused = false;
    // After the exchange the socket belongs to the pool (resumed by finish): leave it alone.
    if (!this.done) this.connection?.resumeReads();
  }

  /** The final response head (the connection skipped any 1xx). */
  onHead(statusCode: number, headers: RawHeaders): void {
    this.headersDeadline = 0;
    this.clearTimer();
    this.handler.onResponseStart(this, statusCode, headers);
  }

  onData(chunk: Buffer): void {
    this.handler.onResponseData(this, chunk);
  }

  /** A read ended with the response still incomplete. */
  readEnded(): void {
    if (!this.done) this.handler.onReadEnd?.(this);
  }

  /** The response is complete; the connection has already let go of the exchange. */
  finish(trailers: ResponseHeaders): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.detachBody();
    if (this.socketPaused) {
      this.socketPaused = false;
      this.connection?.resumeReads();
    }
    this.connection = undefined;
    this.handler.onResponseEnd(this, trailers);
  }

  /** Reports the failure once; the caller has dealt with the connection (destroyed, or never had one). */
  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.detachBody();
    this.connection = undefined;
    this.handler.onResponseError(this, err);
  }

  /** The socket drained: the body may flow again. */
  onDrain(): void {
    if (!this.bodyPaused) return;
    this.bodyPaused = false;
    this.request.body?.resume();
  }

  writeBody(data: Buffer | string): void {
    const socket = this.connection?.socket;
    if (socket === undefined) return;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length === 0) return; // an empty chunk would end a chunked body
    let flowing: boolean;
    if (this.bodyLeft === CHUNKED) {
      socket.cork();
      socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
      socket.write(chunk);
      flowing = socket.write('\r\n', 'latin1');
      socket.uncork();
    } else {
      this.bodyLeft -= chunk.length;
      if (this.bodyLeft < 0) return this.abort(new UpstreamError('UPSTREAM_REQUEST_BODY', 'the request body is longer than its content-length'));
      flowing = socket.write(chunk);
    }
    if (!flowing) {
      this.bodyPaused = true;
      this.request.body?.pause();
    }
  }

  endBody(): void {
    if (this.bodyLeft === CHUNKED) this.connection?.socket.write('0\r\n\r\n', 'latin1');
    else if (this.bodyLeft > 0) return this.abort(new UpstreamError('UPSTREAM_REQUEST_BODY', 'the request body ended before its content-length'));
    this.bodyLeft = NO_BODY;
    this.detachBody();
  }

  bodyFailed(err: Error | undefined): void {
    this.abort(new UpstreamError('UPSTREAM_REQUEST_BODY', 'the request body failed before its end (the client went away)', err));
  }

  timeout(): void {
    this.abort(new UpstreamError('UPSTREAM_HEADERS_TIMEOUT', 'no response head from the upstream within the deadline'));
  }

  private attachBody(body: BodyStream): void {
    if (body.readableEnded) return this.endBody();
    if (body.destroyed) return this.bodyFailed(undefined);
    body[EXCHANGE] = this;
    body.on('data', onBodyData);
    body.on('end', onBodyEnd);
    body.on('error', onBodyError);
    body.on('close', onBodyClose);
    body.resume();
  }

  private detachBody(): void {
    const body = this.request.body as BodyStream | null;
    if (body === null || body[EXCHANGE] !== this) return;
    body[EXCHANGE] = undefined;
    body.off('data', onBodyData);
    body.off('end', onBodyEnd);
    body.off('error', onBodyError);
    body.off('close', onBodyClose);
    // The response came first: the rest of the body is read and dropped (as node:http dumps it).
    if (this.bodyLeft !== NO_BODY) {
      this.bodyLeft = NO_BODY;
      body.resume();
    }
    this.bodyPaused = false;
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function onHeadersTimeout(exchange: UpstreamExchange): void {
  exchange.timeout();
}

// Body listeners shared by every exchange (`this` is the body), not closures per request.
function onBodyData(this: BodyStream, chunk: Buffer | string): void {
  this[EXCHANGE]?.writeBody(chunk);
}
function onBodyEnd(this: BodyStream): void {
  this[EXCHANGE]?.endBody();
}
function onBodyError(this: BodyStream, err: Error): void {
  this[EXCHANGE]?.bodyFailed(err);
}
function onBodyClose(this: BodyStream): void {
  this[EXCHANGE]?.bodyFailed(undefined);
}
