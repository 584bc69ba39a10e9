import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { forwardRequest } from '@/server/proxy/forward-request';
import { sendMirror } from '@/server/proxy/mirror-request';
import { sendProxyResponse } from '@/server/proxy/proxy-response';
import { type ListenerPortContext, planRequest } from '@/server/proxy/route-request';

/**
 * The request path: plan (route, filters, backend), then answer here or mirror and forward.
 * No per-request JSON or logging; never throws: every failure becomes a status.
 */
export function handleRequest(req: IncomingMessage, res: ServerResponse, ctx: ListenerPortContext): void {
  const plan = planRequest(req, ctx, performance.now());
  switch (plan.kind) {
    case 'answer':
      return sendProxyResponse(res, plan.status, plan.body, plan.edits, plan.location);
    case 'preflight':
      return sendPreflight(res, plan.headers);
    case 'forward': {
      const { forward } = plan;
      // Mirrors see the request as the rule's filters left it, before backend-level filters.
      for (const mirror of plan.ruleFilters.mirrors) sendMirror(req, mirror, forward.method, forward.target, forward.headers, forward.hasBody);
      for (const mirror of forward.backend.filters.mirrors) sendMirror(req, mirror, forward.method, forward.target, forward.headers, forward.hasBody);
      for (const edit of forward.backend.filters.requestEdits) edit(forward.headers);
      return forwardRequest(req, res, forward);
    }
  }
}

function sendPreflight(res: ServerResponse, headers: OutgoingHttpHeaders | null): void {
  try {
    res.writeHead(204, headers ?? {});
  } catch {
    res.writeHead(204);
  }
  res.end();
}
