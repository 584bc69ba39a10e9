import { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { type CompiledBackend, type CompiledEndpoint, type CompiledRule } from '@/server/proxy/compile-rule';
import { type HeaderEdit } from '@/server/proxy/header-edits';
import { Http1Response, type ResponseWriter } from '@/server/proxy/http1/http1-response';
import { type UpstreamErrorCode } from '@/server/proxy/http1/upstream-error';
import { responseHeaders } from '@/server/proxy/http1/upstream-connection';
import { type RawHeaders, type ResponseHeaders, type UpstreamController, type UpstreamHandler } from '@/server/proxy/http1/upstream-exchange';
import { endToEndResponseHeaders } from '@/server/proxy/hop-by-hop';
import { type DownstreamRequest, type DownstreamResponse, sendGrpcAnswer, sendProxyResponse } from '@/server/proxy/proxy-response';

export interface ForwardPlan {
  readonly rule: CompiledRule;
  readonly backend: CompiledBackend;
  readonly endpoint: CompiledEndpoint;
  readonly method: string;
  /** Path and query to send upstream (normalised, possibly rewritten). */
  readonly target: string;
  readonly headers: OutgoingHttpHeaders;
  /** Whether the client request carries a body to stream upstream. */
  readonly hasBody: boolean;
  /** performance.now() when the request arrived (the request timeout counts from here). */
  readonly startedAt: number;
  /** CORS headers for an allowed Origin, added to the response. */
  readonly corsHeaders: OutgoingHttpHeaders | null;
  /** Called once with the status sent downstream (for stats). */
  onStatus(status: number): void;
  /** A gRPC request (`content-type: application/grpc*`): failures are answered with gRPC statuses. */
  readonly grpc: boolean;
  /** The client accepts trailers (`te: trailers`); an HTTP/2 upstream is told so. */
  readonly trailers: boolean;
}

/** A failure the proxy answers itself: plain text, or a gRPC trailers-only answer for gRPC clients. */
export function answerFailure(res: DownstreamResponse, plan: Pick<ForwardPlan, 'grpc'>, status: number, text: string, edits?: readonly HeaderEdit[]): void {
  if (plan.grpc) sendGrpcAnswer(res, status, text, edits);
  else sendProxyResponse(res, status, text, edits);
}

/**
 * Upstream failure -> downstream status (issue 4): refused, unreachable or not accepting
 * connections 503, our deadline 504, reset, early close, invalid response or anything else 502.
 */
export function upstreamErrorStatus(code: string | undefined, timedOut: boolean): 502 | 503 | 504 {
  if (timedOut) return 504;
  switch (code) {
    case 'UPSTREAM_HEADERS_TIMEOUT' satisfies UpstreamErrorCode:
      return 504;
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'UPSTREAM_CONNECT_TIMEOUT' satisfies UpstreamErrorCode:
      return 503;
    default:
      return 502;
  }
}

/**
 * The status for a failed HTTP/1.1 forward: a request we cannot write (its method, target or a
 * header came from config: rewrites, header filters) is our fault, 500; the rest as
 * upstreamErrorStatus.
 */
export function forwardErrorStatus(code: string | undefined, timedOut: boolean): 500 | 502 | 503 | 504 {
  return code === ('UPSTREAM_INVALID_REQUEST' satisfies UpstreamErrorCode) ? 500 : upstreamErrorStatus(code, timedOut);
}

/**
 * Whether a failed attempt may be sent once more: a bodiless request whose kept-alive
 * connection turned out closed before any response byte (the upstream closed it while idle as
 * the request went out), and the deadline has not passed.
 */
export function mayRetryForward(code: string | undefined, hasBody: boolean, timedOut: boolean): boolean {
  return !hasBody && !timedOut && code === ('UPSTREAM_STALE_CONNECTION' satisfies UpstreamErrorCode);
}

/**
 * Sends the request to one endpoint over its connection pool (http1/upstream-pool.ts) with
 * fresh framing and streams the answer back, with backpressure both ways. A bodiless request
 * whose reused keep-alive socket turns out closed is sent once more (the race every keep-alive
 * client has).
 */
export function forwardRequest(req: DownstreamRequest, res: DownstreamResponse, plan: ForwardPlan): void {
  new UpstreamAttempt(req, res, plan, true).send();
}

/** Where a response being forwarded keeps its exchange, for the one shared 'close' listener. */
const EXCHANGE = Symbol('upstreamExchange');
type WithExchange = DownstreamResponse & { [EXCHANGE]?: UpstreamAttempt };

/** The client went away before the answer was complete: stop the upstream work too. Shared by every HTTP/2 response (`this` is the response). */
function onClientClose(this: WithExchange): void {
  const exchange = this[EXCHANGE];
  if (exchange !== undefined && !this.writableFinished) exchange.clientGone();
}

function onDeadline(exchange: UpstreamAttempt): void {
  exchange.timedOut = true;
  exchange.abort(new Error('upstream deadline'));
}

/**
 * One attempt of one request upstream, as the pool's handler. A class, not a literal of
 * closures: this is the per-request object of the hot path. The rule's deadline runs on a timer
 * of ours; without configured timeouts, the pool's headers timer keeps the default deadline
 * (one timer per request either way).
 */
class UpstreamAttempt implements UpstreamHandler, ResponseWriter {
  private controller: UpstreamController | undefined;
  private timer: NodeJS.Timeout | undefined;
  timedOut = false;
  private answered = false;
  /** The proxy already answered this request itself (a refused upstream header): ignore what follows. */
  private settled = false;

  constructor(
    private readonly req: DownstreamRequest,
    private readonly res: DownstreamResponse,
    private readonly plan: ForwardPlan,
    private readonly mayRetry: boolean,
  ) {}

  send(): void {
    const { rule, endpoint } = this.plan;
    const res = this.res as WithExchange;
    const deadline = rule.explicitTimeouts ? deadlineMs(rule, this.plan.startedAt) : 0;
    if (deadline > 0) this.timer = setTimeout(onDeadline, deadline, this);
    // An HTTP/1.x response has this as its writer (no listener added and removed per request,
    // its head flushed by onReadEnd).
    if (res instanceof Http1Response) res.writer = this;
    else {
      res[EXCHANGE] = this;
      res.on('close', onClientClose);
    }
    try {
      endpoint.pool.dispatch(
        {
          method: this.plan.method,
          path: this.plan.target,
          headers: this.plan.headers,
          body: this.plan.hasBody ? this.req : null,
          headersTimeout: rule.explicitTimeouts ? null : rule.backendTimeoutMs,
          // An HTTP/1.x client's headers (llhttp, strict), config values checked at snapshot load, and
          // ours. HTTP/2 allows control characters in values that HTTP/1.1 does not: those are checked.
          headersChecked: this.req.httpVersionMajor !== 2,
        },
        this,
      );
    } catch {
      this.release();
      this.plan.onStatus(500);
      answerFailure(res, this.plan, 500, 'invalid upstream request\n', rule.filters.responseEdits);
    }
  }

  abort(reason: Error): void {
    this.controller?.abort(reason);
  }

  clientGone(): void {
    this.abort(new Error('client went away'));
  }

  onRequestStart(controller: UpstreamController): void {
    this.controller = controller;
  }

  onResponseStart(c: UpstreamController, statusCode: number, rawHeaders: RawHeaders): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.answered = true;
    const { plan, res } = this;
    try {
      // Nothing to change in the head (no filter, no CORS): its lines go straight through.
      const direct = res instanceof Http1Response && plan.corsHeaders === null && plan.rule.filters.responseEdits.length === 0 && plan.backend.filters.responseEdits.length === 0;
      if (!direct || !res.writeUpstreamHead(statusCode, rawHeaders)) this.writeEditedHead(statusCode, responseHeaders(rawHeaders));
    } catch {
      // An upstream header value node:http refuses (CR/LF/NUL slipped past the parser).
      this.settled = true;
      c.abort(new Error('invalid upstream response header'));
      plan.onStatus(502);
      answerFailure(res, plan, 502, 'invalid upstream response header\n');
      return;
    }
    plan.onStatus(statusCode);
  }

  /** The head as a header object: end-to-end headers, the filters' edits and CORS applied. */
  private writeEditedHead(statusCode: number, upstreamHeaders: ResponseHeaders): void {
    const { plan, res } = this;
    const headers = endToEndResponseHeaders(upstreamHeaders);
    const length = upstreamHeaders['content-length'];
    if (typeof length === 'string' && upstreamHeaders['transfer-encoding'] === undefined) headers['content-length'] = length;
    for (const edit of plan.backend.filters.responseEdits) edit(headers);
    for (const edit of plan.rule.filters.responseEdits) edit(headers);
    if (plan.corsHeaders !== null) Object.assign(headers, plan.corsHeaders);
    // CORS values come partly from the request's Origin: those take node's checks.
    if (plan.corsHeaders === null && res instanceof Http1Response) res.writeValidatedHead(statusCode, headers);
    else res.writeHead(statusCode, headers);
  }

  onReadEnd(): void {
    if (this.res instanceof Http1Response) this.res.flushHead();
  }

  onResponseData(c: UpstreamController, chunk: Buffer): void {
    if ((this.res as { write(chunk: Buffer): boolean }).write(chunk)) return;
    c.pause();
    this.res.once('drain', () => c.resume());
  }

  onResponseEnd(_c: UpstreamController, trailers: ResponseHeaders): void {
    this.release();
    const res = this.res;
    if (hasKeys(trailers) && 'addTrailers' in res) (res as { addTrailers(t: IncomingHttpHeaders): void }).addTrailers(trailers);
    res.end();
  }

  onResponseError(_c: UpstreamController, err: Error): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.release();
    const { res, plan } = this;
    if (this.settled) return;
    if (this.answered) {
      res.destroy();
      return;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (res.destroyed) return;
    if (this.mayRetry && mayRetryForward(code, plan.hasBody, this.timedOut)) {
      new UpstreamAttempt(this.req, res, plan, false).send();
      return;
    }
    const status = forwardErrorStatus(code, this.timedOut);
    plan.onStatus(status);
    answerFailure(res, plan, status, status === 500 ? 'invalid upstream request\n' : STATUS_TEXT[status], plan.rule.filters.responseEdits);
  }

  /** The response no longer needs watching for a vanished client. */
  private release(): void {
    const res = this.res as WithExchange;
    if (res instanceof Http1Response) {
      res.writer = undefined;
      return;
    }
    res.off('close', onClientClose);
    res[EXCHANGE] = undefined;
  }
}

function hasKeys(record: object): boolean {
  for (const _key in record) return true;
  return false;
}

export const STATUS_TEXT = { 502: 'upstream connection failed\n', 503: 'upstream unavailable\n', 504: 'upstream timed out\n' } as const;

/** The nearer of the backendRequest deadline and what is left of the request deadline; 0 = none. */
export function deadlineMs(rule: CompiledRule, startedAt: number): number {
  let ms = rule.backendTimeoutMs;
  if (rule.requestTimeoutMs > 0) {
    const left = Math.max(1, rule.requestTimeoutMs - (performance.now() - startedAt));
    ms = ms === 0 ? left : Math.min(ms, left);
  }
  return ms;
}
