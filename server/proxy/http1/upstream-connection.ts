import { connect, type Socket } from 'node:net';
import { isNamed } from '@/server/proxy/http1/header-names';
import { HTTPParser, type HttpParser, STRICT } from '@/server/proxy/http1/llhttp';
import { SocketReads } from '@/server/proxy/http1/socket-reads';
import { UpstreamError } from '@/server/proxy/http1/upstream-error';
import { type ExchangeConnection, type RawHeaders, type ResponseHeaders, type UpstreamExchange } from '@/server/proxy/http1/upstream-exchange';

/** What a connection tells its pool (upstream-pool.ts). */
export interface ConnectionOwner {
  /** The exchange completed and the connection may carry another. */
  release(connection: UpstreamConnection): void;
  /** The socket closed: the connection is gone for good. */
  forget(connection: UpstreamConnection): void;
}

export interface ConnectionOptions {
  readonly connectTimeoutMs: number;
  /** Largest response head (status line and headers) llhttp accepts, in bytes. */
  readonly maxHeaderSize: number;
}

/** headers-complete return value: the message has no body (HEAD, 1xx), whatever its headers say. */
const SKIP_BODY = 1;
const NO_TRAILERS: ResponseHeaders = Object.freeze({}) as ResponseHeaders;
/** Failures of a reused connection that, before any response byte, mean the upstream had closed it while idle. */
const STALE_CODES: ReadonlySet<string> = new Set(['UPSTREAM_CLOSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

// The connection on its socket and parser, for the listeners and parser callbacks shared by every connection.
const CONNECTION = Symbol('upstreamConnection');
type OwnedSocket = Socket & { [CONNECTION]: UpstreamConnection };
type OwnedParser = HttpParser & { [CONNECTION]: UpstreamConnection };

/**
 * One keep-alive HTTP/1.1 connection to an upstream, with its own llhttp parser in strict
 * RESPONSE mode reading the socket (in C++ where it can: socket-reads.ts): one exchange at a
 * time (no pipelining). Bytes that arrive while no exchange runs, or after a response within
 * the same read, make it unusable (it is closed, never reused), as does a response that is not
 * keep-alive or one that ends before the request body.
 */
export class UpstreamConnection implements ExchangeConnection {
  readonly socket: Socket;
  exchange: UpstreamExchange | undefined = undefined;
  served = 0;
  /** performance.now() (coarse) when it went idle (the pool closes idle connections after a while). */
  idleSince = 0;
  /** Destroyed or closing: never given another exchange. */
  dead = false;
  private readonly parser: HttpParser;
  private readonly reads: SocketReads;
  private connecting = true;
  private keepAlive = false;
  /** A response completed during the current parser.execute (released once it returns). */
  private completed = false;
  /** The upstream sent more than the one response asked for. */
  private stray = false;
  /** The message being parsed is a 1xx (skipped). */
  private informational = false;
  /** See completeInline. */
  private completesInline = false;
  /** Body bytes still to come of a response completed by its length. */
  private remaining = 0;
  /** An exchange whose response completed by its length during this read (see completeByLength). */
  private finishing: UpstreamExchange | undefined = undefined;
  /** Header pairs llhttp flushed before headers-complete (many headers) or as trailers. */
  private pending: string[] = [];

  constructor(
    private readonly owner: ConnectionOwner,
    address: string,
    port: number,
    options: ConnectionOptions,
  ) {
    const parser = new HTTPParser() as OwnedParser;
    parser.initialize(HTTPParser.RESPONSE, {}, options.maxHeaderSize, STRICT);
    parser[CONNECTION] = this;
    parser[HTTPParser.kOnHeaders] = onHeaders;
    parser[HTTPParser.kOnHeadersComplete] = onHeadersComplete;
    parser[HTTPParser.kOnBody] = onBody;
    parser[HTTPParser.kOnMessageComplete] = onMessageComplete;
    this.parser = parser;
    const socket = connect({ host: address, port, noDelay: true }) as OwnedSocket;
    socket[CONNECTION] = this;
    socket.setTimeout(options.connectTimeoutMs);
    socket.on('connect', onConnect);
    socket.on('timeout', onTimeout);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('drain', onDrain);
    socket.on('error', onError);
    socket.on('close', onClose);
    this.socket = socket;
    this.reads = new SocketReads(socket, parser, onExecute);
  }

  /** Runs `exchange` here: it writes its head (buffered by the socket while connecting) and body. */
  start(exchange: UpstreamExchange): void {
    this.exchange = exchange;
    exchange.start(this);
  }

  abandon(): void {
    this.exchange = undefined;
    this.destroy();
  }

  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
  }

  /** Ends the connection and reports `err` to its exchange, if one is running. */
  fail(err: Error): void {
    this.finishByLength(); // complete before the failure: delivered
    const exchange = this.exchange;
    this.exchange = undefined;
    this.completed = false;
    this.destroy();
    if (exchange !== undefined) exchange.fail(this.describe(err, exchange));
  }

  /** A reused connection failing before any response byte is the keep-alive race: say so (retryable). */
  private describe(err: Error, exchange: UpstreamExchange): Error {
    const code = (err as NodeJS.ErrnoException).code;
    if (!exchange.reused || exchange.received || code === undefined || !STALE_CODES.has(code)) return err;
    return new UpstreamError('UPSTREAM_STALE_CONNECTION', 'the kept-alive upstream connection closed before the response', err);
  }

  onConnected(): void {
    this.connecting = false;
    this.socket.setTimeout(0);
  }

  onConnectTimeout(): void {
    if (this.connecting) this.fail(new UpstreamError('UPSTREAM_CONNECT_TIMEOUT', 'the upstream did not accept the connection in time'));
  }

  pauseReads(): void {
    this.reads.pause();
  }

  resumeReads(): void {
    this.reads.resume();
  }

  /** Bytes through the socket's stream (a socket the parser could not consume). */
  onSocketData(chunk: Buffer): void {
    let result: number | Error;
    try {
      result = this.parser.execute(chunk);
    } catch (err) {
      this.callbackFailed(err);
      return;
    }
    this.afterExecute(result);
  }

  /**
   * After each read the parser took (itself, or from onSocketData). Bytes are parsed before
   * anyone looks: the callbacks ignore a message nobody asked for (stray), and it is caught here.
   */
  afterExecute(result: number | Error): void {
    this.finishByLength();
    const exchange = this.exchange;
    if (exchange !== undefined) exchange.received = true;
    else if (!this.completed) {
      // Nothing was asked: a stray or late response. The connection can no longer be trusted.
      this.destroy();
      return;
    }
    if (typeof result !== 'number') {
      const code = (result as { code?: string }).code ?? 'HPE_UNKNOWN';
      this.fail(new UpstreamError('UPSTREAM_INVALID_RESPONSE', `invalid HTTP response from the upstream (${code})`, result));
      return;
    }
    if (!this.completed) {
      exchange?.readEnded();
      return;
    }
    this.completed = false;
    if (this.dead) return;
    // A message begun after the response in the same read (the parser's clock runs from a
    // message's first byte to its end) is a stray too: a connection mid-message is never reused.
    if (!this.keepAlive || this.stray || this.parser.duration() > 0) this.destroy();
    else this.owner.release(this);
  }

  onSocketEnd(): void {
    if (this.exchange !== undefined && !this.dead) {
      // The end of a body read until close completes the response.
      this.parser.finish();
      this.completed = false;
      if (this.exchange !== undefined) {
        this.fail(new UpstreamError('UPSTREAM_CLOSED', 'the upstream closed the connection before the response was complete'));
        return;
      }
    }
    this.destroy();
  }

  onSocketError(err: Error): void {
    this.fail(err);
  }

  onSocketClose(): void {
    this.dead = true;
    // Safe here: 'close' is emitted on a later tick, never inside parser.execute.
    this.reads.release();
    this.parser.close();
    const exchange = this.exchange;
    this.exchange = undefined;
    this.owner.forget(this);
    if (exchange !== undefined) {
      exchange.fail(this.describe(new UpstreamError('UPSTREAM_CLOSED', 'the upstream connection closed before the response was complete'), exchange));
    }
  }

  /** A handler threw inside a parser callback: the exchange is in an unknown state. */
  callbackFailed(err: unknown): void {
    this.fail(err instanceof Error ? err : new Error(String(err)));
  }

  onHeaders(headers: string[]): void {
    for (const item of headers) this.pending.push(item);
  }

  onHeadersComplete(raw: string[] | undefined, statusCode: number, upgrade: boolean, shouldKeepAlive: boolean): number {
    const exchange = this.exchange;
    if (exchange === undefined) {
      // Nothing was asked (no message-begin callback: one call less per response; see afterExecute).
      this.stray = true;
      return SKIP_BODY;
    }
    exchange.received = true;
    const headers = raw ?? this.pending;
    if (this.pending.length > 0) this.pending = [];
    if (statusCode === 101 || upgrade) {
      // Upgrades take another path (upgrade-request.ts): a 101 here is a protocol error.
      this.fail(new UpstreamError('UPSTREAM_INVALID_RESPONSE', 'the upstream switched protocols on a plain request'));
      return SKIP_BODY;
    }
    if (statusCode < 200) {
      this.informational = true;
      this.completeInline(false);
      return SKIP_BODY;
    }
    this.keepAlive = shouldKeepAlive;
    const skipBody = exchange.headOnly;
    // llhttp reads no body for HEAD, 204 and 304, whatever the headers say.
    const length = skipBody || statusCode === 204 || statusCode === 304 ? 0 : framedLength(headers);
    this.completeInline(length >= 0);
    this.remaining = length;
    exchange.onHead(statusCode, headers);
    if (length === 0 && this.exchange === exchange) this.completeByLength();
    return skipBody ? SKIP_BODY : 0;
  }

  onBody(chunk: Buffer): void {
    const exchange = this.exchange;
    if (exchange === undefined) return;
    exchange.onData(chunk);
    if (this.completesInline && (this.remaining -= chunk.length) <= 0 && this.exchange === exchange) this.completeByLength();
  }

  /**
   * Whether the response being parsed completes when its length of body has come (true) or in
   * llhttp's message-complete callback (chunked, read until close, 1xx). llhttp skips that
   * callback while its slot holds no function, so a response framed by length costs one call
   * from C++ into JS less. The slot is written only when this changes, not per response.
   */
  private completeInline(inline: boolean): void {
    if (this.completesInline === inline) return;
    this.completesInline = inline;
    this.parser[HTTPParser.kOnMessageComplete] = inline ? undefined : onMessageComplete;
  }

  onMessageComplete(): void {
    if (this.informational) {
      this.informational = false;
      return;
    }
    const exchange = this.complete();
    if (exchange === undefined) return;
    const trailers = this.pending.length === 0 ? NO_TRAILERS : responseHeaders(this.pending);
    if (this.pending.length > 0) this.pending = [];
    exchange.finish(trailers);
  }

  /**
   * A response complete by its length, without llhttp's message-complete callback: its
   * exchange is detached now (later bytes of this read are strays) and finished at the end of
   * the read (finishByLength), before the connection is released. node runs the message-complete
   * callback without draining the task queues, but the body callback drains them when it
   * returns: finishing there would let a continuation of the response ask the pool for a
   * connection while this one is still busy.
   */
  private completeByLength(): void {
    this.finishing = this.complete();
  }

  private finishByLength(): void {
    const exchange = this.finishing;
    if (exchange === undefined) return;
    this.finishing = undefined;
    exchange.finish(NO_TRAILERS);
  }

  /** Detaches the exchange whose response is complete; the connection is released (or closed) after this read. */
  private complete(): UpstreamExchange | undefined {
    const exchange = this.exchange;
    if (exchange === undefined) return undefined;
    this.exchange = undefined;
    this.completed = true;
    this.served++;
    // The upstream answered before the whole request body went out: the connection cannot carry another request.
    if (exchange.bodyPending) this.keepAlive = false;
    return exchange;
  }
}

/**
 * The body length of a response framed by Content-Length (one such header, digits only, no
 * Transfer-Encoding): what llhttp reads as its body. -1 for any other framing, or a header
 * llhttp may read otherwise or refuse: the message-complete callback then says when it ends.
 */
export function framedLength(raw: RawHeaders): number {
  let length = -1;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (isNamed(name, 'content-length')) {
      const value = raw[i + 1] as string;
      if (length !== -1 || !DIGITS.test(value)) return -1;
      length = Number(value);
    } else if (isNamed(name, 'transfer-encoding')) {
      return -1;
    }
  }
  return length;
}
const DIGITS = /^\d{1,15}$/;

/** llhttp's name/value pairs as ResponseHeaders (see there). */
export function responseHeaders(raw: RawHeaders): ResponseHeaders {
  const out: ResponseHeaders = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    const prior = out[name];
    if (typeof prior === 'string') out[name] = [prior, value];
    else if (Array.isArray(prior)) prior.push(value);
    // Also replaces what a plain object inherits (`constructor`...); `__proto__` is dropped.
    else out[name] = name === 'set-cookie' ? [value] : value;
  }
  return out;
}

// Socket listeners and parser callbacks shared by every connection (`this` is the socket or the parser).
function onConnect(this: OwnedSocket): void {
  this[CONNECTION].onConnected();
}
function onTimeout(this: OwnedSocket): void {
  this[CONNECTION].onConnectTimeout();
}
function onData(this: OwnedSocket, chunk: Buffer): void {
  this[CONNECTION].onSocketData(chunk);
}
function onEnd(this: OwnedSocket): void {
  this[CONNECTION].onSocketEnd();
}
function onDrain(this: OwnedSocket): void {
  this[CONNECTION].exchange?.onDrain();
}
function onError(this: OwnedSocket, err: Error): void {
  this[CONNECTION].onSocketError(err);
}
function onClose(this: OwnedSocket): void {
  this[CONNECTION].onSocketClose();
}
// A consumed socket's parser callbacks run straight from libuv's read: a throw there would be
// uncaught (end the process), so each one catches and fails the connection instead.
function onExecute(this: OwnedParser, ret: number | Error): void {
  try {
    this[CONNECTION].afterExecute(ret);
  } catch (err) {
    this[CONNECTION].callbackFailed(err);
  }
}
function onHeaders(this: OwnedParser, headers: string[]): void {
  this[CONNECTION].onHeaders(headers);
}
function onHeadersComplete(
  this: OwnedParser,
  _major: number,
  _minor: number,
  headers: string[] | undefined,
  _method: unknown,
  _url: unknown,
  statusCode: number,
  _statusMessage: unknown,
  upgrade: boolean,
  shouldKeepAlive: boolean,
): number {
  try {
    return this[CONNECTION].onHeadersComplete(headers, statusCode, upgrade, shouldKeepAlive);
  } catch (err) {
    this[CONNECTION].callbackFailed(err);
    return SKIP_BODY;
  }
}
function onBody(this: OwnedParser, chunk: Buffer): void {
  try {
    this[CONNECTION].onBody(chunk);
  } catch (err) {
    this[CONNECTION].callbackFailed(err);
  }
}
function onMessageComplete(this: OwnedParser): void {
  try {
    this[CONNECTION].onMessageComplete();
  } catch (err) {
    this[CONNECTION].callbackFailed(err);
  }
}
