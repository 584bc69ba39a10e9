import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { connect as http2Connect, constants as h2 } from 'node:http2';
import { request as httpsRequest } from 'node:https';

/**
 * One request the way the upstream suite's round tripper sends it: to the Gateway's address on
 * the real (offset) port, with a Host header of our choosing, HTTPS with the SNI the case names, HTTP/2
 * over TLS or cleartext h2c when asked. Redirects are never followed here: the redirect tests
 * inspect the 3xx itself. Certificates are not verified (the runner's certificates are
 * self-signed; the tests check routing, not the trust chain).
 */

export interface OutgoingRequest {
  scheme: 'http' | 'https';
  /** The Gateway's address (status.addresses). */
  address: string;
  port: number;
  host: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  serverName?: string;
  protocol?: 'H2' | 'H2C_PRIOR_KNOWLEDGE';
  body?: string;
  timeoutMs: number;
}

export interface ExchangeResult {
  status: number;
  protocol: string;
  /** Lower-case name -> values in arrival order. */
  headers: Map<string, string[]>;
  body: string;
}

function fromRawHeaders(raw: readonly string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), raw[i + 1]!]);
  }
  return headers;
}

function fromH2Headers(incoming: IncomingHttpHeaders): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const [name, value] of Object.entries(incoming)) {
    if (name.startsWith(':') || value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value : [String(value)]);
  }
  return headers;
}

export function exchange(req: OutgoingRequest): Promise<ExchangeResult> {
  return req.protocol ? exchangeH2(req) : exchangeH1(req);
}

function exchangeH1(req: OutgoingRequest): Promise<ExchangeResult> {
  return new Promise((resolve, reject) => {
    const options = {
      host: req.address,
      port: req.port,
      path: req.path,
      method: req.method,
      headers: { ...req.headers, host: req.host },
      agent: false as const,
      timeout: req.timeoutMs,
    };
    const handle = (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, protocol: `HTTP/${res.httpVersion}`, headers: fromRawHeaders(res.rawHeaders), body }));
      res.on('error', reject);
    };
    const outgoing =
      req.scheme === 'https'
        ? httpsRequest({ ...options, servername: req.serverName ?? req.host.replace(/:\d+$/, ''), rejectUnauthorized: false }, handle)
        : httpRequest(options, handle);
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no response within ${req.timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function exchangeH2(req: OutgoingRequest): Promise<ExchangeResult> {
  return new Promise((resolve, reject) => {
    const authority = `${req.scheme}://${req.address}:${req.port}`;
    const session =
      req.protocol === 'H2'
        ? http2Connect(authority, { servername: req.serverName ?? req.host.replace(/:\d+$/, ''), rejectUnauthorized: false, ALPNProtocols: ['h2'] })
        : http2Connect(`http://${req.address}:${req.port}`);
    const fail = (err: Error) => {
      session.destroy();
      reject(err);
    };
    session.on('error', fail);
    session.setTimeout(req.timeoutMs, () => fail(new Error(`no response within ${req.timeoutMs} ms`)));
    const stream = session.request({
      ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v])),
      [h2.HTTP2_HEADER_METHOD]: req.method,
      [h2.HTTP2_HEADER_PATH]: req.path,
      [h2.HTTP2_HEADER_AUTHORITY]: req.host,
      [h2.HTTP2_HEADER_SCHEME]: req.scheme,
    });
    let status = 0;
    let headers = new Map<string, string[]>();
    let body = '';
    stream.on('response', (h) => {
      status = Number(h[h2.HTTP2_HEADER_STATUS] ?? 0);
      headers = fromH2Headers(h);
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => {
      session.close();
      resolve({ status, protocol: 'HTTP/2.0', headers, body });
    });
    stream.on('error', fail);
    stream.end(req.body);
  });
}
