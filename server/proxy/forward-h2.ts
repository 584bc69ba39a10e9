import { type ClientHttp2Stream, constants as h2, type OutgoingHttpHeaders as H2OutgoingHeaders } from 'node:http2';
import { answerFailure, deadlineMs, type ForwardPlan, STATUS_TEXT, upstreamErrorStatus } from '@/server/proxy/forward-request';
import { endToEndResponseHeaders } from '@/server/proxy/hop-by-hop';
import { type DownstreamRequest, type DownstreamResponse, sendHeadersOnly } from '@/server/proxy/proxy-response';

/**
 * Forwards one request to an `h2c` backend over the endpoint's shared HTTP/2 session (whatever
 * the client spoke): pseudo-headers from the plan, the body streamed as DATA, the answer
 * streamed back with its trailers (gRPC puts `grpc-status` there). A trailers-only answer
 * stays trailers-only. Failures before the answer map like HTTP/1.1 (refused 503, deadline
 * 504, reset 502), as gRPC statuses for gRPC clients. Never throws.
 */
export function forwardH2(req: DownstreamRequest, res: DownstreamResponse, plan: ForwardPlan): void {
  const { rule, backend, endpoint } = plan;
  const upstreamHeaders = h2RequestHeaders(plan);
  let stream: ClientHttp2Stream;
  try {
    stream = (endpoint.h2 as NonNullable<typeof endpoint.h2>).session().request(upstreamHeaders, { endStream: !plan.hasBody });
  } catch {
    // A header value HTTP/2 refuses (from config: rewrites, header filters) or a session already gone.
    plan.onStatus(500);
    answerFailure(res, plan, 500, 'invalid upstream request\n', rule.filters.responseEdits);
    return;
  }
  let settled = false;
  let streaming = false;
  const fail = (status: number, text: string): void => {
    if (settled) return;
    settled = true;
    if (timer !== undefined) clearTimeout(timer);
    plan.onStatus(status);
    answerFailure(res, plan, status, text, rule.filters.responseEdits);
    if (!stream.closed) stream.close(h2.NGHTTP2_CANCEL);
  };
  const deadline = deadlineMs(rule, plan.startedAt);
  const timer = deadline > 0 ? setTimeout(() => fail(504, STATUS_TEXT[504]), deadline) : undefined;

  stream.on('response', (upHeaders, flags) => {
    if (settled) return;
    settled = true;
    streaming = true;
    if (timer !== undefined) clearTimeout(timer);
    const status = Number(upHeaders[h2.HTTP2_HEADER_STATUS]) || 502;
    const headers = endToEndResponseHeaders(upHeaders);
    for (const edit of backend.filters.responseEdits) edit(headers);
    for (const edit of rule.filters.responseEdits) edit(headers);
    if (plan.corsHeaders !== null) Object.assign(headers, plan.corsHeaders);
    plan.onStatus(status);
    if ((flags & h2.NGHTTP2_FLAG_END_STREAM) !== 0) {
      // Trailers-only (a gRPC error): headers and end in one frame downstream too.
      stream.resume();
      sendHeadersOnly(res, status, headers);
      return;
    }
    try {
      res.writeHead(status, headers);
    } catch {
      stream.close(h2.NGHTTP2_CANCEL);
      answerFailure(res, plan, 502, 'invalid upstream response header\n');
      return;
    }
    stream.on('trailers', (trailers) => {
      // Before 'end', so the downstream response ends with them (HTTP/1.1: chunked only).
      try {
        res.addTrailers(endToEndResponseHeaders(trailers) as Record<string, string>);
      } catch {
        // a trailer value node refuses is dropped
      }
    });
    // A pump rather than pipe(): the downstream may be our HTTP/1.x response, not a node Writable.
    stream.on('data', (chunk: Buffer) => {
      if (res.write(chunk)) return;
      stream.pause();
      res.once('drain', () => stream.resume());
    });
    stream.on('end', () => res.end());
  });

  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (streaming) {
      // The answer had begun: cut the client off rather than end a truncated body cleanly.
      if (!res.writableFinished) res.destroy();
      return;
    }
    const code = err.code === 'ERR_HTTP2_STREAM_CANCEL' ? ((err.cause as NodeJS.ErrnoException | undefined)?.code ?? err.code) : err.code;
    const status = upstreamErrorStatus(code, false);
    fail(status, STATUS_TEXT[status]);
  });
  // Closed by the upstream (RST_STREAM CANCEL, GOAWAY) without an answer or an error event.
  stream.on('close', () => {
    if (!settled) fail(502, STATUS_TEXT[502]);
    else if (streaming && !res.writableFinished && stream.rstCode !== h2.NGHTTP2_NO_ERROR) res.destroy();
  });
  // The client went away before the answer was complete: cancel the upstream stream too.
  res.once('close', () => {
    if (!res.writableFinished && !stream.closed) stream.close(h2.NGHTTP2_CANCEL);
  });

  if (plan.hasBody) req.pipe(stream);
}

/** Headers for the upstream HTTP/2 request: pseudo-headers first, no Host or framing headers. */
function h2RequestHeaders(plan: ForwardPlan): H2OutgoingHeaders {
  const out: H2OutgoingHeaders = {
    [h2.HTTP2_HEADER_METHOD]: plan.method,
    [h2.HTTP2_HEADER_PATH]: plan.target,
    [h2.HTTP2_HEADER_SCHEME]: 'http',
    [h2.HTTP2_HEADER_AUTHORITY]: plan.headers.host as string | undefined,
  };
  for (const name in plan.headers) {
    if (name === 'host' || name === 'transfer-encoding') continue;
    out[name] = plan.headers[name];
  }
  // The only TE HTTP/2 allows; gRPC servers require it.
  if (plan.trailers || plan.grpc) out.te = 'trailers';
  return out;
}
