/**
 * The body the upstream conformance echo server (`echo-basic`) answers with, field for field
 * (see the conformance README): the request as received plus the pod's context.
 */
export interface EchoContext {
  namespace: string;
  ingress: string;
  service: string;
  pod: string;
  /** The server's HTTP port as text (upstream reports its `HTTP_PORT` value). */
  httpPort: string;
}

export interface EchoRequestInfo {
  /** The request target exactly as received, query included. */
  url: string;
  host: string;
  method: string;
  /** e.g. `1.1` */
  httpVersion: string;
  /** Node's `rawHeaders`: name, value, name, value... one entry per header line. */
  rawHeaders: readonly string[];
}

export interface EchoResponse extends EchoContext {
  path: string;
  host: string;
  method: string;
  proto: string;
  headers: Record<string, string[]>;
}

/** Go's `textproto.CanonicalMIMEHeaderKey`: `x-forwarded-for` -> `X-Forwarded-For`. */
export function canonicalHeaderName(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name;
  return name
    .split('-')
    .map((part) => (part === '' ? part : part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()))
    .join('-');
}

/** Header lines by canonical name, values in arrival order. Go moves Host out of the header map. */
export function collectHeaders(rawHeaders: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = canonicalHeaderName(rawHeaders[i] ?? '');
    if (name === 'Host') continue;
    (headers[name] ??= []).push(rawHeaders[i + 1] ?? '');
  }
  return headers;
}

export function buildEchoResponse(request: EchoRequestInfo, context: EchoContext): EchoResponse {
  return {
    path: request.url,
    host: request.host,
    method: request.method,
    proto: `HTTP/${request.httpVersion === '2.0' || request.httpVersion === '2' ? '2.0' : request.httpVersion}`,
    headers: collectHeaders(request.rawHeaders),
    namespace: context.namespace,
    ingress: context.ingress,
    service: context.service,
    pod: context.pod,
    httpPort: context.httpPort,
  };
}

/**
 * `X-Echo-Set-Header: Name:value,Name2:value2` -> response headers to add; several entries for
 * one name are joined with `,`. Entries without a colon are ignored, as upstream does.
 */
export function parseEchoSetHeader(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!value) return out;
  for (const entry of value.split(',')) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    const name = entry.slice(0, colon).trim();
    const headerValue = entry.slice(colon + 1).trim();
    if (name === '') continue;
    const previous = out.get(name);
    out.set(name, previous === undefined ? headerValue : `${previous},${headerValue}`);
  }
  return out;
}
