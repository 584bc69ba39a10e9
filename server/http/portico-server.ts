import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@/server/observability/logger';
import { createDualProtocolServer, type DualProtocolServer } from './dual-protocol-server';
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
 * Portico's single port: `/k8s` (Kubernetes API), `/api` (Portico's own endpoints) and the
 * console, over HTTP and HTTPS alike. A handler that throws answers 500 without leaking the error.
 */
export function createPorticoServer(options: {
  mounts: Mount[];
  fallback: RouteHandler;
  logger: Logger;
  tls: { cert: string; key: string };
}): DualProtocolServer {
  const { mounts, fallback, logger } = options;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    applySecurityHeaders(req, res);
    const url = req.url ?? '/';
    const mount = mounts.find((m) => matchesPrefix(url, m.prefix));
    const handle = mount ? mount.handle : fallback;
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((err: unknown) => {
        logger.error({ err, method: req.method, url: url.split('?')[0] }, 'request handler failed');
        if (!res.headersSent) sendApiError(res, 500, 'InternalError', 'internal error; see the server log');
        else res.destroy();
      });
  };
  return createDualProtocolServer({ tls: options.tls, handler });
}
