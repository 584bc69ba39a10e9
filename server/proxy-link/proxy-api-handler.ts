import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { snapshotAckSchema } from '@/lib/ir/protocol';
import type { Authenticator } from '@/server/auth/types';
import { sendApiError } from '@/server/http/json-response';
import { PROXY_API_BASE_PATH, SNAPSHOT_KIND_HEADER, SNAPSHOT_VERSION_HEADER } from '@/server/proxy-link/protocol-paths';
import { proxyUser } from '@/server/proxy-link/proxy-identity';
import type { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';

/**
 * Portico's `/api/proxy` endpoints, the control plane's end of the snapshot protocol:
 *
 * - `GET  /api/proxy/snapshot?since=<version>&proxyId=<id>&base=<version>`: long poll. 200 as
 *   soon as there is a version the proxy was not offered (`since`, the version of its last
 *   offer) or has not acknowledged; 204 after `pollTimeoutMs` without one; 503 while shutting
 *   down. `base` is the version the proxy serves (its last ack's `activeVersion`): when the
 *   control plane still keeps it, the body is a SnapshotDelta from it, otherwise (or without
 *   `base`) the full RoutingSnapshot. Headers: `X-Portico-Snapshot-Version` is the version the
 *   proxy serves once it applies the body; `X-Portico-Snapshot-Kind` is `delta` or `full`. A
 *   proxy that rejects a delta polls again without `since` and `base`, and is answered at once
 *   with the full snapshot. All parameters are optional; a proxy that sends no `base` only
 *   ever gets full snapshots.
 * - `POST /api/proxy/acks`: a `SnapshotAck` JSON body with `proxyId`; 204 when recorded.
 *
 * Only the proxy's service account is admitted: 401 without valid credentials (never
 * anonymous), 403 for anyone else.
 */
export interface ProxyApiOptions {
  publisher: SnapshotPublisher;
  authenticator: Authenticator;
  logger: Logger;
  /** How long a poll is held without news (default 30 s). */
  pollTimeoutMs?: number;
  /** Where the handler is mounted (default `/api/proxy`). */
  basePath?: string;
}

const MAX_ACK_BYTES = 1024 * 1024;

export function createProxyApiHandler(options: ProxyApiOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { publisher, authenticator } = options;
  const log = options.logger.child({ component: 'proxy-api' });
  const pollTimeoutMs = options.pollTimeoutMs ?? 30_000;
  const basePath = options.basePath ?? PROXY_API_BASE_PATH;
  const proxyUsername = proxyUser().username;

  async function serveSnapshot(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const since = query.get('since') || undefined;
    const proxyId = query.get('proxyId') || undefined;
    const base = query.get('base') || undefined;
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);
    const result = await publisher.waitForChange(since, proxyId, pollTimeoutMs, abort.signal, base);
    res.off('close', onClose);
    if (res.destroyed || res.writableEnded) return;
    if (result.kind === 'closed') {
      sendApiError(res, 503, 'ShuttingDown', 'the control plane is shutting down; retry shortly');
      return;
    }
    if (result.kind === 'timeout') {
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const { offer } = result;
    const json = offer.json();
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      'Cache-Control': 'no-store',
      [SNAPSHOT_VERSION_HEADER]: offer.version,
      [SNAPSHOT_KIND_HEADER]: offer.kind,
    });
    res.end(json);
  }

  async function receiveAck(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req, MAX_ACK_BYTES);
    if (text === undefined) {
      sendApiError(res, 413, 'RequestEntityTooLarge', `an ack must be at most ${MAX_ACK_BYTES} bytes`);
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      sendApiError(res, 400, 'BadRequest', 'the ack must be a JSON object (see SnapshotAck)');
      return;
    }
    const parsed = snapshotAckSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      sendApiError(res, 400, 'BadRequest', `invalid ack at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown error'}`);
      return;
    }
    const ack = parsed.data;
    if (!ack.proxyId) {
      sendApiError(res, 400, 'BadRequest', 'invalid ack at proxyId: required (a stable id of the proxy instance)');
      return;
    }
    publisher.recordAck(ack.proxyId, ack);
    if (!ack.accepted) log.warn({ proxyId: ack.proxyId, version: ack.version, reason: ack.reason }, 'proxy rejected a snapshot');
    else log.debug({ proxyId: ack.proxyId, version: ack.version }, 'proxy acknowledged a snapshot');
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  }

  return async (req, res) => {
    const authn = authenticator.authenticate(req);
    if (authn.kind !== 'authenticated') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="portico-proxy"');
      const why = authn.kind === 'rejected' ? authn.reason : 'a bearer token of the proxy service account is required';
      sendApiError(res, 401, 'Unauthorized', why);
      return;
    }
    if (authn.user.username !== proxyUsername) {
      sendApiError(res, 403, 'Forbidden', `${authn.user.username} may not use ${basePath}; only ${proxyUsername} may`);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://portico.invalid');
    const route = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    if (route === '/snapshot') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      return serveSnapshot(req, res, url.searchParams);
    }
    if (route === '/acks') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return receiveAck(req, res);
    }
    sendApiError(res, 404, 'NotFound', `no such endpoint: ${url.pathname}`);
  };
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendApiError(res, 405, 'MethodNotAllowed', `use ${allow}`);
}

/** The body as text, or undefined when it exceeds `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

