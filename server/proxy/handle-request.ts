import { type OutgoingHttpHeaders } from 'node:http';
import { forwardH2 } from '@/server/proxy/forward-h2';
import { forwardRequest } from '@/server/proxy/forward-request';
import { isGrpcContentType } from '@/server/proxy/grpc-status';
import { sendMirror } from '@/server/proxy/mirror-request';
import { type DownstreamRequest, type DownstreamResponse, sendGrpcAnswer, sendProxyResponse } from '@/server/proxy/proxy-response';
import { type ListenerPortContext, planRequest } from '@/server/proxy/route-request';

/**
 * The request path (HTTP/1.x and HTTP/2 alike): plan (route, filters, backend), then answer
 * here or mirror and forward, over HTTP/2 to `h2c` backends and HTTP/1.1 to the rest. gRPC
 * clients get the proxy's own answers as gRPC statuses. No per-request JSON or logging; never
 * throws: every failure becomes a status.
 */
export function handleRequest(req: DownstreamRequest, res: DownstreamResponse, ctx: ListenerPortContext): void {
  const plan = planRequest(req, ctx, performance.now());
  switch (plan.kind) {
    case 'answer':
      // Redirects stay HTTP (gRPC has none); every other answer here is an error.
      if (plan.location === undefined && isGrpcContentType(req.headers['content-type'])) return sendGrpcAnswer(res, plan.status, plan.body, plan.edits);
      return sendProxyResponse(res, plan.status, plan.body, plan.edits, plan.location);
    case 'preflight':
      return sendPreflight(res, plan.headers);
    case 'forward': {
      const { forward } = plan;
      // Mirrors see the request as the rule's filters left it, before backend-level filters.
      for (const mirror of plan.ruleFilters.mirrors) sendMirror(req, mirror, forward.method, forward.target, forward.headers, forward.hasBody);
      for (const mirror of forward.backend.filters.mirrors) sendMirror(req, mirror, forward.method, forward.target, forward.headers, forward.hasBody);
      for (const edit of forward.backend.filters.requestEdits) edit(forward.headers);
      if (forward.backend.protocol === 'h2c') return forwardH2(req, res, forward);
      return forwardRequest(req, res, forward);
    }
  }
}

function sendPreflight(res: DownstreamResponse, headers: OutgoingHttpHeaders | null): void {
  try {
    res.writeHead(204, headers ?? {});
  } catch {
    res.writeHead(204);
  }
  res.end();
}
