import { isNamed } from '@/server/proxy/http1/header-names';
import { hasInvalidHeaderChar, isHttpToken } from '@/server/proxy/http1/llhttp';
import { UpstreamError } from '@/server/proxy/http1/upstream-error';

export type RequestHeaderValue = string | number | readonly string[] | undefined;
/** Request headers as forward-request builds them (node's OutgoingHttpHeaders shape), names lower-case. */
export type RequestHeaders = Readonly<Record<string, RequestHeaderValue>>;

/** `bodyLength` for a streamed body of unknown length: sent chunked. */
export const CHUNKED = -1;
/** `bodyLength` for a request without a body. */
export const NO_BODY = -2;

/**
 * How the request body goes on the wire: its Content-Length when the request has a body and
 * one, chunked for a body without, none without a body. The client's Transfer-Encoding is
 * only a hint that a body exists; its framing is never copied (request smuggling).
 */
export function requestBodyLength(headers: RequestHeaders, hasBody: boolean): number {
  if (!hasBody) return NO_BODY;
  const length = headers['content-length'];
  if (length === undefined) return CHUNKED;
  const text = typeof length === 'number' ? String(length) : Array.isArray(length) ? '' : (length as string);
  if (!DIGITS.test(text)) throw new UpstreamError('UPSTREAM_INVALID_REQUEST', 'invalid content-length in the request headers');
  return Number(text);
}
const DIGITS = /^\d{1,15}$/;

/** Node's rule for a request target: no control characters, no space, nothing above 0xff (latin1). */
const INVALID_PATH = /[^\u0021-\u00ff]/;

/**
 * The HTTP/1.1 request head as one latin1 string (one socket.write): request line, the headers
 * as given except framing and connection headers, `host` from `defaultHost` when absent, then
 * our framing for `bodyLength` (see requestBodyLength). Everything written is validated first,
 * so a bad method, target, header name or value (from config: rewrites, header filters) throws
 * UPSTREAM_INVALID_REQUEST before a byte reaches the upstream (API-AND-VALIDATION c.2b).
 * `headersChecked`: the header names and values are known valid (see UpstreamRequest), so only
 * the method and target are checked here.
 */
export function encodeRequestHead(method: string, path: string, headers: RequestHeaders, bodyLength: number, defaultHost: string, headersChecked = false): string {
  if (!isHttpToken(method)) throw invalid('method', method);
  if (path.length === 0 || INVALID_PATH.test(path)) throw invalid('request target', path);
  let head = `${method} ${path} HTTP/1.1\r\n`;
  let hasHost = false;
  let hadLength = false;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    switch (framingHeader(name)) {
      case HOST:
        hasHost = true;
        break;
      case LENGTH:
        hadLength = true;
        continue;
      case DROP:
        continue;
    }
    if (!headersChecked && !isHttpToken(name)) throw invalid('header name', name);
    if (typeof value === 'string') {
      if (!headersChecked && hasInvalidHeaderChar(value)) throw invalid(`value of header ${name}`, value);
      head += `${name}: ${value}\r\n`;
    } else if (typeof value === 'number') {
      head += `${name}: ${value}\r\n`;
    } else {
      for (const item of value as readonly string[]) {
        if (!headersChecked && hasInvalidHeaderChar(item)) throw invalid(`value of header ${name}`, item);
        head += `${name}: ${item}\r\n`;
      }
    }
  }
  if (!hasHost) head += `host: ${defaultHost}\r\n`;
  if (bodyLength >= 0) head += `content-length: ${bodyLength}\r\n\r\n`;
  else if (bodyLength === CHUNKED) head += 'transfer-encoding: chunked\r\n\r\n';
  // A bodiless POST/PUT/PATCH (or one the client framed with length 0) says so, as node:http and undici do.
  else if (hadLength || method === 'POST' || method === 'PUT' || method === 'PATCH') head += 'content-length: 0\r\n\r\n';
  else head += '\r\n';
  return head;
}

const KEEP = 0;
const HOST = 1;
const LENGTH = 2;
const DROP = 3;

/** Names whose framing or connection meaning is ours to decide, by length first (most headers cost one comparison of lengths). */
function framingHeader(name: string): number {
  switch (name.length) {
    case 4:
      return isNamed(name, 'host') ? HOST : KEEP;
    case 10:
      return isNamed(name, 'connection') || isNamed(name, 'keep-alive') ? DROP : KEEP;
    case 14:
      return isNamed(name, 'content-length') ? LENGTH : KEEP;
    case 17:
      return isNamed(name, 'transfer-encoding') ? DROP : KEEP;
    default:
      return KEEP;
  }
}

function invalid(what: string, value: string): UpstreamError {
  return new UpstreamError('UPSTREAM_INVALID_REQUEST', `invalid ${what} for the upstream request: ${JSON.stringify(value.slice(0, 100))}`);
}
