import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import type { SnapshotAck } from '@/lib/ir/protocol';
import type { SnapshotFeed } from '@/server/proxy/snapshot-feed';
import { computeBackoffMs, type BackoffPolicy } from '@/server/proxy-link/backoff';
import { PROXY_API_BASE_PATH, SNAPSHOT_VERSION_HEADER } from '@/server/proxy-link/protocol-paths';

/**
 * The proxy's end of the snapshot protocol (see proxy-api-handler): long-polls the control
 * plane, naming the version the proxy serves so that a change arrives as a SnapshotDelta from
 * it, hands each document to the proxy, and posts the proxy's ack. A rejected delta is not
 * acked: the next poll fetches the full snapshot at once, and that outcome is acked (so a delta
 * the proxy could not use never shows as a rejection in Gateway status). When the control plane is
 * unreachable it retries with capped backoff, while the proxy keeps serving its last good
 * snapshot, and carries on where it left off when the control plane is back.
 */
export interface HttpSnapshotFeedOptions {
  /** Base URL of the control plane, e.g. `http://127.0.0.1:3000` (the `/api/proxy` path is added). */
  controlPlaneUrl: string;
  /** Bearer token of the proxy service account. */
  token: string;
  /** PEM CA to trust for an https control plane with a self-signed certificate. */
  ca?: string;
  /** Stable id of this proxy instance (hostname/pid or pod name). */
  proxyId: string;
  logger: Logger;
  backoff?: BackoffPolicy;
  /** Give up on a poll that has not answered after this long (default 90 s; the server holds 30 s). */
  requestTimeoutMs?: number;
}

/**
 * The proxy's apply step. It may be async: the proxy then acks after its listener sockets have
 * bound, so the ack reports real bind results (a SnapshotFeed's plain synchronous apply works too).
 */
export type ApplySnapshot = (raw: unknown) => SnapshotAck | Promise<SnapshotAck>;

export interface HttpSnapshotFeed extends SnapshotFeed {
  start(apply: ApplySnapshot): void;
}

export class ControlPlaneError extends Error {
  constructor(
    message: string,
    readonly code: 'Unauthorized' | 'Forbidden' | 'UnexpectedStatus' | 'InvalidBody',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ControlPlaneError';
  }
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 5000 };

export function createHttpSnapshotFeed(options: HttpSnapshotFeedOptions): HttpSnapshotFeed {
  const log = options.logger.child({ component: 'snapshot-feed' });
  const base = options.controlPlaneUrl.replace(/\/+$/, '');
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const timeoutMs = options.requestTimeoutMs ?? 90_000;
  const dispatcher = new Agent({
    connect: options.ca ? { ca: options.ca } : {},
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const headers = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
  const stopper = new AbortController();
  let running: Promise<void> | undefined;

  /** The version last offered and the ack made for it: re-sent, not re-applied, when the same version is offered again. */
  let offeredVersion: string | undefined;
  let lastAck: SnapshotAck | undefined;
  /** An ack not yet delivered: sent before the next poll. */
  let pendingAck: SnapshotAck | undefined;
  /** The version the proxy serves, from its last ack: sent as `base`, so changes can come as deltas from it. */
  let servingVersion: string | undefined;
  /** After a rejected delta: the next poll asks for the full snapshot (no `since`, so it is answered at once; no `base`). */
  let wantFull = false;

  /** One long poll: the offered document (a snapshot or a delta) and the version it leads to, or undefined when nothing changed. */
  async function poll(): Promise<{ raw: unknown; version: string; delta: boolean } | undefined> {
    const query = new URLSearchParams({ proxyId: options.proxyId });
    if (!wantFull && offeredVersion !== undefined) query.set('since', offeredVersion);
    if (!wantFull && servingVersion !== undefined) query.set('base', servingVersion);
    const res = await request(`${base}${PROXY_API_BASE_PATH}/snapshot?${query.toString()}`, { method: 'GET', headers, dispatcher, signal: stopper.signal });
    if (res.statusCode === 204) {
      await res.body.dump();
      return undefined;
    }
    if (res.statusCode !== 200) throw await statusError(res.statusCode, res.body.text());
    const text = await res.body.text();
    let raw: unknown;
    try {
      raw = JSON.parse(text) as unknown;
    } catch {
      throw new ControlPlaneError('the control plane sent a snapshot that is not JSON', 'InvalidBody', 200);
    }
    // The header names the version even when the body is too broken to say (then the proxy rejects it once, not in a loop).
    const header = res.headers[SNAPSHOT_VERSION_HEADER];
    const fromBody = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
    const version = typeof header === 'string' ? header : typeof fromBody === 'string' ? fromBody : '';
    // What the proxy goes by (start-proxy: a document naming a baseVersion is a delta); the kind header says the same.
    const delta = typeof raw === 'object' && raw !== null && 'baseVersion' in raw;
    return { raw, version, delta };
  }

  async function postAck(ack: SnapshotAck): Promise<void> {
    const res = await request(`${base}${PROXY_API_BASE_PATH}/acks`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(ack),
      dispatcher,
      signal: stopper.signal,
    });
    if (res.statusCode !== 204 && res.statusCode !== 200) throw await statusError(res.statusCode, res.body.text());
    await res.body.dump();
  }

  async function loop(apply: ApplySnapshot): Promise<void> {
    let failures = 0;
    while (!stopper.signal.aborted) {
      try {
        if (pendingAck) {
          await postAck(pendingAck);
          pendingAck = undefined;
        }
        const offered = await poll();
        if (offered !== undefined) {
          wantFull = false;
          let ack: SnapshotAck;
          if (lastAck && offered.version === offeredVersion) {
            ack = lastAck;
          } else {
            ack = { ...(await applySafely(apply, offered.raw, offered.version)), proxyId: options.proxyId };
            const what = offered.delta ? 'snapshot delta' : 'snapshot';
            log.info({ version: ack.version, accepted: ack.accepted, reason: ack.reason }, `${what} ${ack.accepted ? 'applied' : 'rejected'}`);
          }
          if (offered.delta && !ack.accepted) {
            // The proxy does not serve the delta's base (or the delta is bad): fetch the full snapshot at once instead of acking.
            offeredVersion = undefined;
            lastAck = undefined;
            wantFull = true;
          } else {
            offeredVersion = offered.version;
            lastAck = ack;
            servingVersion = ack.activeVersion ?? (ack.accepted ? ack.version : undefined);
            pendingAck = ack;
            await postAck(ack);
            pendingAck = undefined;
          }
        }
        if (failures > 0) log.info({ failures }, 'control plane reachable again');
        failures = 0;
      } catch (err) {
        if (stopper.signal.aborted) break;
        failures++;
        const retryInMs = computeBackoffMs(failures, backoff);
        const detail = { code: (err as { code?: string }).code, message: (err as Error).message, failures, retryInMs };
        // The first failure of an outage at warn, the retries at debug: a long outage does not flood the log.
        if (failures === 1 || err instanceof ControlPlaneError) log.warn({ err: detail }, 'control plane request failed; serving the last good snapshot and retrying');
        else log.debug({ err: detail }, 'control plane still unreachable');
        await sleep(retryInMs, stopper.signal);
      }
    }
  }

  return {
    start(apply) {
      if (running || stopper.signal.aborted) throw new Error('the snapshot feed was already started');
      running = loop(apply);
    },
    async stop() {
      stopper.abort();
      await running;
      await dispatcher.close().catch(() => undefined);
    },
  };
}

/** `apply` must not throw; if it does anyway, that is a rejection the control plane should see, not a retry loop. */
async function applySafely(apply: ApplySnapshot, raw: unknown, version: string): Promise<SnapshotAck> {
  try {
    const ack = await apply(raw);
    return ack.version === '' ? { ...ack, version } : ack;
  } catch (err) {
    return { version, accepted: false, reason: `the proxy failed to apply the snapshot: ${(err as Error).message}` };
  }
}

async function statusError(status: number, body: Promise<string>): Promise<ControlPlaneError> {
  const text = await body.catch(() => '');
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // Not Portico's JSON error: keep the text.
  }
  const code = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'UnexpectedStatus';
  return new ControlPlaneError(`the control plane answered ${status}: ${message}`, code, status);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
