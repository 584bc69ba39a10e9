import type { IncomingHttpHeaders } from 'node:http';
import { constants as http2Constants } from 'node:http2';
import type { Socket } from 'node:net';
import { buildEchoResponse, parseEchoSetHeader, type EchoContext } from '@/server/echo/echo-response';
import { parseGoDuration } from '@/server/echo/parse-go-duration';

/**
 * The echo server's request handling, shared by its HTTP/1.1 and h2c ports: the echo JSON, plus
 * the special paths the conformance tests rely on (`/status/NNN`, `/retry/...`, `/health`,
 * `?delay=`). Works on node:http and node:http2 compatibility requests alike.
 */

/** What the handler reads of a request (node:http IncomingMessage or node:http2 Http2ServerRequest). */
export interface EchoIncoming {
  url?: string | undefined;
  method?: string | undefined;
  httpVersion: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  socket: Pick<Socket, 'remoteAddress' | 'remotePort'>;
}

/** What it writes (node:http ServerResponse or node:http2 Http2ServerResponse). */
export interface EchoReply {
  setHeader(name: string, value: string | number): unknown;
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  end(body: string): unknown;
}

export interface EchoHandler {
  handle(req: EchoIncoming, res: EchoReply, resetConnection: () => void): void;
  /** Cancels delayed answers (on close). */
  cancelPending(): void;
}

/** Longest `?delay=` honoured, so a typo cannot hold a connection for hours. */
const MAX_DELAY_MS = 5 * 60_000;

export function createEchoHandler(context: () => EchoContext, onEcho?: (line: string) => void): EchoHandler {
  const timers = new Set<NodeJS.Timeout>();
  const retryCounts = new Map<string, number>();

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, Math.min(ms, MAX_DELAY_MS));
    timers.add(timer);
  };

  function echo(req: EchoIncoming, res: EchoReply): void {
    const host = headerValue(req.headers, ':authority') ?? headerValue(req.headers, 'host') ?? '';
    // HTTP/2 pseudo-headers are not headers (Go's r.Header never holds them).
    const rawHeaders: string[] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? '';
      if (!name.startsWith(':')) rawHeaders.push(name, req.rawHeaders[i + 1] ?? '');
    }
    const body = buildEchoResponse({ url: req.url ?? '/', host, method: req.method ?? 'GET', httpVersion: req.httpVersion, rawHeaders }, context());
    const payload = JSON.stringify(body, null, ' ');
    for (const [name, value] of parseEchoSetHeader(headerValue(req.headers, 'x-echo-set-header'))) {
      try {
        res.setHeader(name, value);
      } catch {
        // An invalid header name or value from the request is skipped, as Go's server drops it.
      }
    }
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', Buffer.byteLength(payload));
    res.writeHead(200);
    res.end(payload);
    onEcho?.(`Echoing back request made to ${req.url ?? '/'} to client (${remoteAddress(req.socket)})`);
  }

  function plain(res: EchoReply, status: number, text: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function retry(req: EchoIncoming, res: EchoReply, query: URLSearchParams, resetConnection: () => void): void {
    const uuid = query.get('uuid') ?? '';
    const succeedAfter = Number(query.get('succeedAfter') ?? '0');
    if (uuid === '' || !Number.isInteger(succeedAfter) || succeedAfter < 0) {
      plain(res, 400, 'retry needs uuid and a non-negative integer succeedAfter\n');
      return;
    }
    const seen = (retryCounts.get(uuid) ?? 0) + 1;
    retryCounts.set(uuid, seen);
    if (seen > succeedAfter) {
      echo(req, res);
      return;
    }
    const fail = () => {
      const code = query.get('responseCode');
      if (code !== null && /^\d{3}$/.test(code)) {
        res.writeHead(Number(code));
        res.end('');
      } else {
        // Without a response code upstream resets the connection.
        resetConnection();
      }
    };
    const delay = parseGoDuration(query.get('delayRetry') ?? '0') ?? 0;
    if (delay > 0) later(delay, fail);
    else fail();
  }

  return {
    handle(req, res, resetConnection) {
      const url = new URL(req.url ?? '/', 'http://echo.invalid');
      if (url.pathname === '/health') return plain(res, 200, 'OK');
      const status = /^\/status\/(.*)$/.exec(url.pathname);
      if (status) {
        if (!/^\d{3}$/.test(status[1] ?? '') || Number(status[1]) < 100) return plain(res, 400, 'status code must be three digits\n');
        res.writeHead(Number(status[1]));
        res.end('');
        return;
      }
      if (url.pathname.startsWith('/retry/') || url.pathname === '/retry') return retry(req, res, url.searchParams, resetConnection);
      const delayText = url.searchParams.get('delay');
      if (delayText !== null) {
        const delay = parseGoDuration(delayText);
        if (delay === undefined || delay < 0) return plain(res, 400, `invalid delay ${JSON.stringify(delayText)}: expected a Go duration such as 1s or 500ms\n`);
        later(delay, () => echo(req, res));
        return;
      }
      echo(req, res);
    },
    cancelPending() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** HTTP/2's code for a stream reset without a specific reason. */
export const H2_RESET_CODE = http2Constants.NGHTTP2_INTERNAL_ERROR;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function remoteAddress(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): string {
  const address = socket.remoteAddress ?? '';
  return `${address.includes(':') ? `[${address}]` : address}:${socket.remotePort ?? 0}`;
}
