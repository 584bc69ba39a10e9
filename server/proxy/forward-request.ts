import { type ClientRequest, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { type CompiledBackend, type CompiledEndpoint, type CompiledRule } from '@/server/proxy/compile-rule';
import { type HeaderEdit } from '@/server/proxy/header-edits';
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
  readonly onStatus: (status: number) => void;
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
 * Upstream failure -> downstream status (issue 4): refused or unreachable 503, our deadline 504,
 * reset or anything else 502.
 */
export function upstreamErrorStatus(code: string | undefined, timedOut: boolean): 502 | 503 | 504 {
  if (timedOut) return 504;
  switch (code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 503;
    default:
      return 502;
  }
}

/**
 * Sends the request to one endpoint over its keep-alive agent with fresh framing and streams
 * the answer back. A bodiless request whose reused keep-alive socket turns out closed is sent
 * once more on a new connection (the race every keep-alive client has).
 */
export function forwardRequest(req: DownstreamRequest, res: DownstreamResponse, plan: ForwardPlan): void {
  attempt(req, res, plan, true);
}

function attempt(req: DownstreamRequest, res: DownstreamResponse, plan: ForwardPlan, mayRetry: boolean): void {
  const { rule, backend, endpoint } = plan;
  let upstream: ClientRequest;
  try {
    upstream = httpRequest({ agent: endpoint.agent, host: endpoint.address, port: endpoint.port, method: plan.method, path: plan.target, headers: plan.headers, setHost: false });
  } catch {
    // A header or path node:http refuses: it came from config (rewrites), so it is ours: 500.
    plan.onStatus(500);
    answerFailure(res, plan, 500, 'invalid upstream request\n', rule.filters.responseEdits);
    return;
  }
  let timedOut = false;
  let answered = false;
  const deadline = deadlineMs(rule, plan.startedAt);
  const timer = deadline > 0 ? setTimeout(() => {
    timedOut = true;
    upstream.destroy();
  }, deadline) : undefined;

  upstream.on('response', (upRes) => {
    if (timer !== undefined) clearTimeout(timer);
    answered = true;
    const headers = endToEndResponseHeaders(upRes.headers);
    const length = upRes.headers['content-length'];
    if (length !== undefined && upRes.headers['transfer-encoding'] === undefined) headers['content-length'] = length;
    for (const edit of backend.filters.responseEdits) edit(headers);
    for (const edit of rule.filters.responseEdits) edit(headers);
    if (plan.corsHeaders !== null) Object.assign(headers, plan.corsHeaders);
    const status = upRes.statusCode ?? 502;
    try {
      res.writeHead(status, headers);
    } catch {
      // An upstream header value node:http refuses (CR/LF/NUL slipped past its parser).
      upRes.resume();
      plan.onStatus(502);
      answerFailure(res, plan, 502, 'invalid upstream response header\n');
      return;
    }
    plan.onStatus(status);
    upRes.pipe(res);
    upRes.on('error', () => res.destroy());
  });

  upstream.on('error', (err: NodeJS.ErrnoException) => {
    if (timer !== undefined) clearTimeout(timer);
    if (answered) {
      res.destroy();
      return;
    }
    if (mayRetry && !timedOut && !plan.hasBody && upstream.reusedSocket && err.code === 'ECONNRESET' && !('destroyed' in res && res.destroyed)) {
      attempt(req, res, plan, false);
      return;
    }
    const status = upstreamErrorStatus(err.code, timedOut);
    plan.onStatus(status);
    answerFailure(res, plan, status, STATUS_TEXT[status], rule.filters.responseEdits);
  });

  // The client went away before the answer was complete: stop the upstream work too.
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });

  if (plan.hasBody) req.pipe(upstream);
  else upstream.end();
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
