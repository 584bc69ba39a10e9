import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '@/server/observability/logger';
import { sendApiError } from './json-response';
import { applySecurityHeaders } from './security-headers';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A path prefix and the handler that owns everything under it. First match wins. */
export interface Mount {
  prefix: string;
  handle: RouteHandler;
}

function matchesPrefix(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

/**
 * Portico's single HTTP server: `/k8s` (Kubernetes API), `/api` (Portico's own endpoints) and
 * the console share one port. A handler that throws answers 500 without leaking the error.
 */
export function createPorticoServer(options: { mounts: Mount[]; fallback: RouteHandler; logger: Logger }): http.Server {
  const { mounts, fallback, logger } = options;
  const server = http.createServer({ requestTimeout: 300_000, headersTimeout: 30_000 }, (req, res) => {
    applySecurityHeaders(req, res);
    const url = req.url ?? '/';
    const mount = mounts.find((m) => matchesPrefix(url, m.prefix));
    const handler = mount ? mount.handle : fallback;
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        logger.error({ err, method: req.method, url: url.split('?')[0] }, 'request handler failed');
        if (!res.headersSent) sendApiError(res, 500, 'InternalError', 'internal error; see the server log');
        else res.destroy();
      });
  });
  return server;
}
