import { type ClientRequest, type OutgoingHttpHeaders, request as httpRequest, STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import { type Duplex } from 'node:stream';
import { type ForwardPlan, upstreamErrorStatus } from '@/server/proxy/forward-request';
import { type HeaderEdit } from '@/server/proxy/header-edits';
import { type Http1Request } from '@/server/proxy/http1/http1-request';
import { endToEndResponseHeaders } from '@/server/proxy/hop-by-hop';
import { type ListenerPortContext, planRequest } from '@/server/proxy/route-request';

/** Upgrade response headers that describe framing, never copied (the tunnel has none). */
const UPGRADE_SKIP: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'keep-alive', 'proxy-connection', 'te', 'trailer']);

/**
 * Requests with `Connection: Upgrade` (the HTTP/1.x connection hands them over with the raw socket). WebSocket
 * upgrades are routed like any request, then tunnelled to the chosen endpoint once it answers
 * 101 (SEMANTICS 6.5: the `http` and `websocket` backend protocols pass Upgrade through). Other
 * upgrades (h2c from `curl --http2`) are forwarded without the Upgrade and answered over
 * HTTP/1.1. Answers on the raw socket close the connection. Never throws.
 */
export function handleUpgrade(req: Http1Request, socket: Duplex, head: Buffer, ctx: ListenerPortContext): void {
  socket.on('error', () => socket.destroy());
  const plan = planRequest(req, ctx, performance.now());
  switch (plan.kind) {
    case 'answer':
      return writeRawAnswer(socket, plan.status, plan.body, plan.edits ?? [], plan.location === undefined ? {} : { location: plan.location });
    case 'preflight':
      return writeRawAnswer(socket, 204, '', [], plan.headers ?? {});
    case 'forward': {
      const { forward } = plan;
      const websocket = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
      if (!websocket && forward.hasBody) {
        forward.onStatus(501);
        return writeRawAnswer(socket, 501, `upgrade to ${req.headers.upgrade ?? ''} with a request body is not supported\n`, forward.rule.filters.responseEdits, {});
      }
      for (const edit of forward.backend.filters.requestEdits) edit(forward.headers);
      if (websocket) {
        forward.headers.connection = 'Upgrade';
        forward.headers.upgrade = req.headers.upgrade;
      }
      return tunnel(socket, head, forward);
    }
  }
}

function tunnel(socket: Duplex, head: Buffer, plan: ForwardPlan): void {
  const { rule, backend, endpoint } = plan;
  // Its own connection: an upgraded socket leaves any pool for good.
  let upstream: ClientRequest;
  try {
    upstream = httpRequest({ host: endpoint.address, port: endpoint.port, method: plan.method, path: plan.target, headers: plan.headers, setHost: false, agent: false });
  } catch {
    plan.onStatus(500);
    return writeRawAnswer(socket, 500, 'invalid upstream request\n', rule.filters.responseEdits, {});
  }
  let timedOut = false;
  const deadline = rule.backendTimeoutMs > 0 ? rule.backendTimeoutMs : rule.requestTimeoutMs;
  const timer = deadline > 0 ? setTimeout(() => {
    timedOut = true;
    upstream.destroy();
  }, deadline) : undefined;
  socket.once('close', () => upstream.destroy());

  upstream.on('upgrade', (upRes, upSocket, upHead) => {
    if (timer !== undefined) clearTimeout(timer);
    plan.onStatus(101);
    let text = `HTTP/1.1 101 ${upRes.statusMessage || 'Switching Protocols'}\r\n`;
    const raw = upRes.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (!UPGRADE_SKIP.has((raw[i] as string).toLowerCase())) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
    socket.write(`${text}\r\n`);
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    upSocket.on('error', () => socket.destroy());
    upSocket.on('close', () => socket.destroy());
    socket.on('close', () => upSocket.destroy());
    upSocket.pipe(socket).pipe(upSocket);
  });

  upstream.on('response', (upRes) => {
    // The upstream declined (or this was not a WebSocket upgrade): relay the answer, then close.
    if (timer !== undefined) clearTimeout(timer);
    const headers = endToEndResponseHeaders(upRes.headers);
    const length = upRes.headers['content-length'];
    if (length !== undefined && upRes.headers['transfer-encoding'] === undefined) headers['content-length'] = length;
    for (const edit of backend.filters.responseEdits) edit(headers);
    for (const edit of rule.filters.responseEdits) edit(headers);
    if (plan.corsHeaders !== null) Object.assign(headers, plan.corsHeaders);
    headers.connection = 'close';
    const status = upRes.statusCode ?? 502;
    const text = rawHead(status, headers);
    if (text === null) {
      upRes.resume();
      plan.onStatus(502);
      return writeRawAnswer(socket, 502, 'invalid upstream response header\n', [], {});
    }
    plan.onStatus(status);
    socket.write(text);
    upRes.pipe(socket); // close-delimited when there is no length: ending the socket ends the body
    upRes.on('error', () => socket.destroy());
  });

  upstream.on('error', (err: NodeJS.ErrnoException) => {
    if (timer !== undefined) clearTimeout(timer);
    if (socket.destroyed) return;
    const status = upstreamErrorStatus(err.code, timedOut);
    plan.onStatus(status);
    writeRawAnswer(socket, status, 'upstream failed\n', rule.filters.responseEdits, {});
  });
  upstream.end();
}

/** A complete response on a raw socket, then close. A header node:http would refuse degrades to a bare 500. */
function writeRawAnswer(socket: Duplex, status: number, body: string, edits: readonly HeaderEdit[], extra: OutgoingHttpHeaders): void {
  if (socket.destroyed) return;
  const headers: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), ...extra };
  for (const edit of edits) edit(headers);
  headers.connection = 'close';
  const text = rawHead(status, headers);
  socket.end(text === null ? 'HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n' : text + body);
}

/** The status line and headers, or null when a name or value is not valid HTTP. */
function rawHead(status: number, headers: OutgoingHttpHeaders): string | null {
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  try {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [String(value)]) {
        validateHeaderName(name);
        validateHeaderValue(name, v);
        text += `${name}: ${v}\r\n`;
      }
    }
  } catch {
    return null;
  }
  return `${text}\r\n`;
}
