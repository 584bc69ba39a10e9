import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { TEST_REQUEST_BODY_LIMIT, type TestRequest, type TestRequestResponse } from '@/lib/api/match-preview';
import { splitTarget } from './compute-match-preview';

/**
 * Sends a simulated request for real to a proxy listener socket. The address always comes from
 * the proxy's own ack (what it bound for the Gateway's listener), never from the caller, and
 * must be a loopback address: the simulator cannot be turned into a way to reach other hosts.
 */

export class TestRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

/** `127.0.0.2:8080` / `[::1]:8443` -> host and port; undefined for anything else. */
export function parseBoundAddress(address: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(address) ?? /^([^:[\]]+):(\d+)$/.exec(address);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: m[1] as string, port };
}

/**
 * The loopback host to connect to for a bound address: a 127/8 or ::1 address as is; a
 * wildcard bind (0.0.0.0, ::) through 127.0.0.1; anything else undefined (refused).
 */
export function loopbackHostFor(host: string): string | undefined {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  if (isIP(host) === 4 && host.startsWith('127.')) return host;
  if (host === '::1') return '::1';
  return undefined;
}

export async function sendTestRequest(target: { address: string; protocol: 'HTTP' | 'HTTPS' }, request: TestRequest): Promise<TestRequestResponse> {
  const parsed = parseBoundAddress(target.address);
  const host = parsed ? loopbackHostFor(parsed.host) : undefined;
  if (!parsed || !host) throw new TestRequestError(502, 'NotLoopback', `the proxy bound ${target.address}, which is not a loopback address; the simulator only sends to this machine`);
  const { path, query } = splitTarget(request.path, request.query);
  const headers: Record<string, string | string[]> = {};
  for (const h of request.headers) {
    const name = h.name.toLowerCase();
    if (name === 'host' || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
    const prior = headers[name];
    headers[name] = prior === undefined ? h.value : [...(Array.isArray(prior) ? prior : [prior]), h.value];
  }
  headers.host = request.host;
  const body = request.body === undefined || request.body === '' ? undefined : Buffer.from(request.body, 'utf8');
  if (body) headers['content-length'] = String(body.length);
  const options = {
    host,
    port: parsed.port,
    method: request.method.toUpperCase(),
    path: query === '' ? path : `${path}?${query}`,
    headers,
    timeout: TIMEOUT_MS,
    // One request, one connection: nothing pooled across callers.
    agent: false as const,
  };
  const started = performance.now();
  return new Promise<TestRequestResponse>((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        if (size >= TEST_REQUEST_BODY_LIMIT) {
          truncated = true;
          res.destroy();
          return;
        }
        const room = TEST_REQUEST_BODY_LIMIT - size;
        if (chunk.length > room) truncated = true;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(chunk.length, room);
        if (truncated) res.destroy();
      });
      const finish = () =>
        resolve({
          address: target.address,
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          body: Buffer.concat(chunks).toString('utf8'),
          truncated,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        });
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', () => finish());
    };
    const req =
      target.protocol === 'HTTPS'
        ? // The SNI is the Host, as a browser would send; the demo's certificates are self-signed, so
          // verification is the simulator's job to skip: it reports what the proxy answered.
          httpsRequest({ ...options, servername: isIP(request.host) ? undefined : hostnameOf(request.host), rejectUnauthorized: false }, onResponse)
        : httpRequest(options, onResponse);
    req.on('timeout', () => req.destroy(new TestRequestError(504, 'Timeout', `no answer from ${target.address} within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) => {
      if (err instanceof TestRequestError) reject(err);
      else reject(new TestRequestError(502, 'ConnectionFailed', `could not reach the proxy at ${target.address}: ${err.message}`));
    });
    req.end(body);
  });
}

function hostnameOf(host: string): string {
  const colon = host.lastIndexOf(':');
  return colon > 0 && !host.includes(']') ? host.slice(0, colon) : host;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
