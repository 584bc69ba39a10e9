import { EventEmitter } from 'node:events';
import { type OutgoingHttpHeaders, STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { hopByHopName, namesNoHeader } from '@/server/proxy/hop-by-hop';
import { isNamed } from '@/server/proxy/http1/header-names';
import { hasInvalidHeaderChar, isHttpToken } from '@/server/proxy/http1/llhttp';

/** What a response needs from its connection. */
export interface ResponseOwner {
  readonly socket: Socket;
  /** The response ended (everything is written or buffered): the connection moves on. */
  responseEnded(res: Http1Response): void;
  /** Tear the connection down (a response that cannot be completed). */
  destroy(): void;
  /** The connection is shutting down and `res` is its last response. */
  closesAfter(res: Http1Response): boolean;
}

/**
 * The one party streaming into a response (forward-request.ts): told when the connection goes
 * away before the response is complete, and calling flushHead itself whenever its turn ends
 * (after each upstream read), so a head waiting for its body costs no nextTick.
 */
export interface ResponseWriter {
  clientGone(): void;
}

/**
 * One HTTP/1.x response: the subset of node's ServerResponse the request path uses
 * (writeHead, setHeader, write, end, addTrailers, destroy, 'close' and 'drain'), with framing
 * of our own: the given Content-Length, else chunked for HTTP/1.1, else close-delimited; no
 * body for HEAD, 1xx, 204 and 304. Headers are validated as node:http does (writeHead throws
 * before anything is sent). A pipelined response waits its turn: until it is the connection's
 * current one, its bytes are kept in order, and write() asks the writer to wait for 'drain'.
 */
export class Http1Response extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  /** Ended, and its bytes handed to the socket. */
  writableFinished = false;
  destroyed = false;
  /** Close the connection after this response (the request asked, or the framing needs it). */
  closeAfter: boolean;
  private extraHeaders: OutgoingHttpHeaders | undefined;
  private trailers: OutgoingHttpHeaders | undefined;
  private chunked = false;
  private bodyless = false;
  /** Bytes written before this response became the connection's current one. */
  private waiting: Array<string | Buffer> | null = [];
  /** The head, waiting for the first body bytes of the tick (or of the writer's turn) to go out with them. */
  private pendingHead: string | undefined;
  /** See ResponseWriter: it watches without adding and removing a listener per request. */
  writer: ResponseWriter | undefined;

  constructor(
    private readonly owner: ResponseOwner,
    private readonly headRequest: boolean,
    keepAlive: boolean,
    /** HTTP/1.0 clients get no chunked framing, and keep-alive only when they asked for it. */
    private readonly http10: boolean,
  ) {
    super();
    this.closeAfter = !keepAlive;
  }

  /** This response's bytes may go to the socket now (the ones before it are complete). */
  activate(): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting === null) return;
    const socket = this.owner.socket;
    let flowing = true;
    if (waiting.length > 0) {
      socket.cork();
      for (const part of waiting) flowing = writeTo(socket, part);
      socket.uncork();
    }
    if (this.writableEnded) {
      this.finish();
    } else if (flowing) {
      this.emit('drain');
    } // else the connection passes on the socket's 'drain'
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    if (this.headersSent) throw headersSentError();
    checkHeader(name, value);
    (this.extraHeaders ??= {})[name.toLowerCase()] = value as OutgoingHttpHeaders[string];
    return this;
  }

  writeHead(statusCode: number, headers?: OutgoingHttpHeaders): this {
    return this.writeHeadOf(statusCode, headers, true);
  }

  /**
   * writeHead for headers known to be valid already, names lower-case: an upstream's response
   * headers as llhttp's strict parser accepted them (its token and field-value rules are the
   * ones node:http checks), and config values checked when the snapshot was loaded
   * (header-edits.ts). Skips the per-header checks, a few percent of the proxy's CPU per request.
   */
  writeValidatedHead(statusCode: number, headers: OutgoingHttpHeaders): this {
    return this.writeHeadOf(statusCode, headers, false);
  }

  private writeHeadOf(statusCode: number, headers: OutgoingHttpHeaders | undefined, check: boolean): this {
    if (this.headersSent) throw headersSentError();
    const all = this.extraHeaders === undefined ? (headers ?? NO_HEADERS) : headers === undefined ? this.extraHeaders : { ...this.extraHeaders, ...headers };
    let lines = '';
    let length = false;
    let date = false;
    for (const name in all) {
      const value = all[name];
      if (value === undefined) continue;
      let lower = name;
      if (check) {
        checkHeader(name, value);
        lower = name.toLowerCase();
      }
      if (lower === 'content-length') length = true;
      else if (lower === 'date') date = true;
      else if (FRAMING_NAMES.has(lower)) continue; // framing is ours
      if (typeof value === 'object') for (const item of value) lines += `${name}: ${item}\r\n`;
      else lines += `${name}: ${value}\r\n`;
    }
    this.sendHead(statusCode, lines, length, date);
    return this;
  }

  /**
   * The head of a forwarded response, straight from the upstream's header lines as llhttp
   * parsed them (name, value, name, value...: valid by its strict rules, see
   * writeValidatedHead), in their order and spelling, without building a header object: the
   * hop-by-hop and framing headers of hop-by-hop.ts are dropped, and the upstream's
   * Content-Length kept when it framed the body by length (the same head forward-request.ts
   * builds through endToEndResponseHeaders). False, with nothing written, when
   * this takes more than one pass: a Connection header naming further hop-by-hop headers, or
   * headers set before with setHeader; the caller then writes an object through writeHead.
   */
  writeUpstreamHead(statusCode: number, raw: readonly string[]): boolean {
    if (this.headersSent) throw headersSentError();
    if (this.extraHeaders !== undefined) return false;
    let lines = '';
    let length: string | undefined;
    let lengths = 0;
    let chunkedUpstream = false;
    let date = false;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i] as string;
      const value = raw[i + 1] as string;
      const hop = hopByHopName(name);
      if (hop !== undefined) {
        if (hop === 'connection') {
          if (!namesNoHeader(value)) return false;
        } else if (hop === 'transfer-encoding') {
          chunkedUpstream = true;
        } else if (hop === 'content-length') {
          length = value;
          lengths++;
        }
        continue;
      }
      if (!date && isNamed(name, 'date')) date = true;
      lines += `${name}: ${value}\r\n`;
    }
    const framedByLength = length !== undefined && lengths === 1 && !chunkedUpstream;
    if (framedByLength) lines += `content-length: ${length}\r\n`;
    this.sendHead(statusCode, lines, framedByLength, date);
    return true;
  }

  /** The status line, `lines`, then the date and framing ours to add; queued as the response's head. */
  private sendHead(statusCode: number, lines: string, length: boolean, date: boolean): void {
    let head = `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? 'Unknown'}\r\n${lines}`;
    if (!date) head += `date: ${utcDate()}\r\n`;
    this.bodyless = this.headRequest || statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode < 200);
    if (!this.bodyless && !length) {
      if (this.http10) this.closeAfter = true;
      else {
        this.chunked = true;
        head += 'transfer-encoding: chunked\r\n';
      }
    }
    if (!this.closeAfter && this.owner.closesAfter(this)) this.closeAfter = true;
    if (this.closeAfter) head += 'connection: close\r\n';
    else if (this.http10) head += 'connection: keep-alive\r\n';
    this.statusCode = statusCode;
    this.headersSent = true;
    head += '\r\n';
    if (this.waiting !== null) {
      this.waiting.push(head);
      return;
    }
    // Held until the first body bytes join it (one write), or the end of this tick (of the writer's turn, when it has one).
    this.pendingHead = head;
    if (this.writer === undefined) process.nextTick(flushHead, this);
  }

  write(chunk: Buffer | string): boolean {
    if (!this.headersSent) this.writeHead(this.statusCode);
    if (this.writableEnded || this.destroyed) return false;
    if (this.bodyless || chunk.length === 0) return this.waiting === null;
    // A string body is UTF-8, as node's ServerResponse writes it (the head is latin1).
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (this.chunked) return this.output(`${bytes.length.toString(16)}\r\n`, bytes, '\r\n');
    return this.output('', bytes, '');
  }

  end(chunk?: Buffer | string): this {
    if (this.writableEnded || this.destroyed) return this;
    if (!this.headersSent) {
      if (chunk !== undefined && this.extraHeaders?.['content-length'] === undefined) this.setHeader('content-length', typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
      this.writeHead(this.statusCode);
    }
    if (chunk !== undefined) this.write(chunk);
    if (this.chunked) this.output(`0\r\n${this.trailerBlock()}\r\n`, undefined, '');
    else this.flushHead();
    this.writableEnded = true;
    if (this.waiting === null) this.finish();
    return this;
  }

  /** The head, if it still waits for body bytes (see sendHead). */
  flushHead(): void {
    if (this.pendingHead !== undefined && !this.destroyed) this.output('', undefined, '');
  }

  /** Trailers for a chunked response (others have nowhere to put them, as in node:http). */
  addTrailers(headers: OutgoingHttpHeaders): void {
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) checkHeader(name, value);
    }
    this.trailers = { ...this.trailers, ...headers };
  }

  /** Abandons the response: the connection closes (the client sees a truncated answer). */
  destroy(): this {
    if (this.destroyed) return this;
    this.owner.destroy();
    return this;
  }

  /** The connection is gone: tell whoever streams into this response. */
  connectionClosed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const writer = this.writer;
    this.writer = undefined;
    writer?.clientGone();
    this.emit('close');
  }

  /** Everything is on the socket: 'finish' then 'close', as node's ServerResponse, and the connection moves on. */
  private finish(): void {
    this.writableFinished = true;
    this.owner.responseEnded(this);
    this.emit('finish');
    this.destroyed = true;
    this.emit('close');
  }

  private trailerBlock(): string {
    let block = '';
    const trailers = this.trailers;
    if (trailers === undefined) return block;
    for (const name in trailers) {
      const value = trailers[name];
      if (value === undefined) continue;
      if (typeof value === 'object') for (const item of value) block += `${name}: ${item}\r\n`;
      else block += `${name}: ${value}\r\n`;
    }
    return block;
  }

  /**
   * `text`, `body` and `tail` (in that order, after a head still waiting) to the socket when
   * this is the current response, else queued. What one call writes goes out as one piece:
   * a response of a few kB is one write(2), without corking and the stream's writev (which
   * was a few percent of the proxy's CPU per request); larger bodies are written as they are.
   */
  private output(text: string, body: Buffer | undefined, tail: string): boolean {
    if (this.waiting !== null) {
      if (text !== '') this.waiting.push(text);
      if (body !== undefined) this.waiting.push(Buffer.from(body));
      if (tail !== '') this.waiting.push(tail);
      return false;
    }
    const socket = this.owner.socket;
    const head = this.pendingHead;
    if (head !== undefined) {
      this.pendingHead = undefined;
      text = head + text;
    }
    if (body === undefined) return socket.write(text + tail, 'latin1');
    if (body.length > COALESCE_BYTES) {
      socket.cork();
      if (text !== '') socket.write(text, 'latin1');
      let flowing = socket.write(body);
      if (tail !== '') flowing = socket.write(tail, 'latin1');
      socket.uncork();
      return flowing;
    }
    if (text === '' && tail === '') return socket.write(body);
    const out = Buffer.allocUnsafe(text.length + body.length + tail.length);
    out.write(text, 0, 'latin1');
    body.copy(out, text.length);
    if (tail !== '') out.write(tail, text.length + body.length, 'latin1');
    return socket.write(out);
  }
}

/**
 * Body bytes copied into one buffer with the head and chunk framing: with a head of up to half
 * a kB the buffer comes from Buffer's pool (allocations under 4 kB).
 */
const COALESCE_BYTES = 4096 - 512;

function flushHead(res: Http1Response): void {
  res.flushHead();
}

function writeTo(socket: Socket, data: string | Buffer): boolean {
  return typeof data === 'string' ? socket.write(data, 'latin1') : socket.write(data);
}

const NO_HEADERS: OutgoingHttpHeaders = Object.freeze({});
/** Framing and connection management belong to the connection, never to a handler's headers. */
const FRAMING_NAMES: ReadonlySet<string> = new Set(['transfer-encoding', 'connection', 'keep-alive']);

/** node:http's header checks: a token name, and a value without CR, LF, NUL or characters above 0xff. */
function checkHeader(name: string, value: number | string | readonly string[]): void {
  if (!isHttpToken(name)) throw codedError('ERR_INVALID_HTTP_TOKEN', `Header name must be a valid HTTP token ["${name}"]`);
  if (typeof value === 'object') {
    for (const item of value) if (hasInvalidHeaderChar(String(item))) throw codedError('ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  } else if (hasInvalidHeaderChar(String(value))) {
    throw codedError('ERR_INVALID_CHAR', `Invalid character in header content ["${name}"]`);
  }
}

function headersSentError(): Error {
  return codedError('ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
}

function codedError(code: string, message: string): Error {
  return Object.assign(new TypeError(message), { code });
}

let cachedDate = '';
/** The Date header, formatted at most once a second (as node:http does). */
function utcDate(): string {
  if (cachedDate === '') {
    cachedDate = new Date().toUTCString();
    setTimeout(() => (cachedDate = ''), 1000 - new Date().getMilliseconds()).unref();
  }
  return cachedDate;
}
