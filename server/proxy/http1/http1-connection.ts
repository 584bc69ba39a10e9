import { type Socket } from 'node:net';
import { coarseNow } from '@/server/proxy/http1/coarse-clock';
import { Http1Request } from '@/server/proxy/http1/http1-request';
import { Http1Response, type ResponseOwner } from '@/server/proxy/http1/http1-response';
import { HTTP_METHODS, HTTPParser, type HttpParser, type OnHeadersComplete, STRICT } from '@/server/proxy/http1/llhttp';
import { SocketReads } from '@/server/proxy/http1/socket-reads';

/** Where parsed requests go. */
export interface Http1Handlers {
  request(req: Http1Request, res: Http1Response): void;
  /** `Connection: Upgrade` requests (and CONNECT): the socket leaves HTTP/1.x with the bytes already read after the head. */
  upgrade(req: Http1Request, socket: Socket, head: Buffer): void;
}

/** Hardening limits (API-AND-VALIDATION c.2b). */
export interface Http1Limits {
  /** Bytes of request line and headers; more is answered 431. */
  readonly maxHeaderSize: number;
  /** From a request's first byte to the end of its headers; longer is answered 408. */
  readonly headersTimeoutMs: number;
  /** From a request's first byte to the end of its body; longer is answered 408. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
}

/** Pipelined requests waiting for their turn beyond which the connection stops reading. */
const MAX_QUEUED = 32;
/** Header lines kept per request (node:http's maxHeadersCount); the size limit binds first in practice. */
const MAX_HEADER_FIELDS = 2000;

/**
 * One client connection speaking HTTP/1.x: node's strict parser (llhttp) reading the socket
 * (in C++ where it can: socket-reads.ts), requests and responses of our own (no
 * IncomingMessage/ServerResponse, the bulk of node:http's per-request cost), keep-alive and
 * pipelining (answers in request order), body backpressure, and the hardening node:http gave:
 * 400 for malformed requests and a missing Host, 431 for oversized headers, 417 for unknown
 * expectations, 408 when the client is too slow (checked by the owning Http1Server's sweep,
 * not a timer per request).
 */
export class Http1Connection implements ResponseOwner {
  private readonly parser: HttpParser;
  private readonly reads: SocketReads;
  /** Responses in request order; the first one owns the socket's output. */
  private readonly queue: Http1Response[] = [];
  /** The request whose body is being parsed. */
  private incoming: Http1Request | undefined;
  /** Header pieces of a request whose headers arrived in more than one callback. */
  private pendingHeaders: string[] = [];
  private pendingUrl = '';
  /** Set by the headers callback for an upgrade; the data handler hands the socket over. */
  private upgrading: Http1Request | undefined;
  /** No more requests are read: the connection ends after the responses in flight. */
  private closing = false;
  private closed = false;
  private parserFreed = false;
  /** A request head has begun on the parser since it was made: its clock (duration()) is valid from then on. */
  private begun = false;
  /** See completeInline. */
  private completesInline = false;
  /**
   * performance.now() readings for the sweep, 0 when not in that phase: taken at the end of
   * the read that left a head or a body incomplete (see clockReads), so a request read whole
   * costs none; the idle clock is the coarse one (read once per request, for a deadline of seconds).
   */
  headersStartedAt = 0;
  requestStartedAt = 0;
  idleSince: number;

  constructor(
    readonly socket: Socket,
    private readonly handlers: Http1Handlers,
    private readonly limits: Http1Limits,
    private readonly onGone: (connection: Http1Connection) => void,
  ) {
    this.idleSince = coarseNow();
    const parser = new HTTPParser();
    parser.initialize(HTTPParser.REQUEST, {}, limits.maxHeaderSize, STRICT);
    parser[HTTPParser.kOnHeaders] = (headers: string[], url: string): void => {
      if (this.pendingHeaders.length < MAX_HEADER_FIELDS * 2) this.pendingHeaders.push(...headers);
      this.pendingUrl += url;
    };
    parser[HTTPParser.kOnHeadersComplete] = this.onHeadersComplete;
    parser[HTTPParser.kOnBody] = (chunk: Buffer): void => {
      const req = this.incoming;
      if (req !== undefined && !req.push(chunk)) {
        this.reads.pause();
        // Rare (a body faster than its reader): a closure per pause is fine.
        req.onReadMore = (): void => {
          req.onReadMore = undefined;
          this.reads.resume();
        };
      }
    };
    parser[HTTPParser.kOnMessageComplete] = this.onMessageComplete;
    this.parser = parser;
    socket.setNoDelay(true);
    // Bytes already in the socket's stream (a sniffed preface) come as 'data'; the rest go straight to the parser.
    socket.on('data', this.onData);
    this.reads = new SocketReads(socket, parser, this.afterExecute);
    socket.on('drain', this.onDrain);
    socket.on('error', noop); // 'close' follows and cleans up
    socket.on('end', this.onEnd);
    socket.on('close', this.onClose);
    socket.resume();
  }

  /** Nothing in flight and nothing half-read: safe to close without losing a request. */
  get idle(): boolean {
    return this.queue.length === 0 && this.incoming === undefined && this.headersStartedAt === 0;
  }

  /** Finish the requests in flight, then close; close now if there are none. */
  shutdown(): void {
    this.closing = true;
    if (this.idle) this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** A client too slow to send its request: 408 while its head is still coming, else (an answer is under way) just cut. */
  timeOut(): void {
    if (this.queue.length === 0 && this.incoming === undefined) this.answerAndClose(408);
    else this.socket.destroy();
  }

  /** The connection closes after `res` (it is the last in flight on a closing connection). */
  closesAfter(res: Http1Response): boolean {
    return this.closing && this.queue[this.queue.length - 1] === res;
  }

  responseEnded(res: Http1Response): void {
    if (this.queue[0] !== res) return; // it ended while queued: its turn comes in activate()
    this.queue.shift();
    if (res.closeAfter || (this.closing && this.queue.length === 0)) {
      this.closing = true;
      this.socket.end();
      return;
    }
    if (this.queue.length < MAX_QUEUED && this.reads.paused && this.incoming?.onReadMore === undefined) this.reads.resume();
    if (this.queue.length > 0) (this.queue[0] as Http1Response).activate();
    else if (this.incoming === undefined) this.idleSince = coarseNow();
    // The handler answered without reading the body: discard it so the next request can be parsed.
    if (this.incoming !== undefined && this.incoming.readableFlowing !== true) this.incoming.resume();
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return;
    this.parsed(this.parser.execute(chunk), chunk);
  };

  /** After the parser read the socket itself (consumed): its read is the parser's current buffer. */
  private readonly afterExecute = (ret: number | Error): void => {
    this.parsed(ret, undefined);
  };

  /** The outcome of parsing one read (`chunk`, or the consumed read): a parse error, or an upgrade that takes the rest. */
  private parsed(ret: number | Error, chunk: Buffer | undefined): void {
    if (ret instanceof Error) return this.onParseError(ret);
    const upgrade = this.upgrading;
    if (upgrade !== undefined) return this.handOver(upgrade, (chunk ?? this.parser.getCurrentBuffer()).subarray(ret));
    this.clockReads();
  }

  /**
   * Starts the sweep's clocks after a read that left a request incomplete: its body (request
   * deadline) or a head (headers deadline). Instead of a message-begin callback, one call from
   * C++ into JS less per request: the parser's own clock says whether a head has begun (it
   * runs from a message's first byte until its end), valid once any message has begun on it;
   * before that, bytes that completed no head are the start of one.
   */
  private clockReads(): void {
    if (this.incoming !== undefined) {
      if (this.requestStartedAt === 0) this.requestStartedAt = performance.now();
    } else if (this.headersStartedAt === 0 && (!this.begun || this.parser.duration() > 0)) {
      this.headersStartedAt = this.requestStartedAt = performance.now();
    }
  }

  private readonly onHeadersComplete: OnHeadersComplete = (major, minor, headers, method, url, _status, _message, upgrade, shouldKeepAlive) => {
    this.headersStartedAt = 0;
    this.begun = true;
    const raw = headers ?? this.pendingHeaders;
    const target = url ?? this.pendingUrl;
    this.pendingHeaders = [];
    this.pendingUrl = '';
    if (this.closing) {
      this.completeInline(false);
      return 1;
    }
    const req = new Http1Request(this.socket, HTTP_METHODS[method ?? -1] ?? 'GET', target, raw, major, minor);
    if (upgrade) {
      this.completeInline(false);
      // Hand over only on a quiet connection: answers to earlier requests would interleave with the tunnel.
      if (this.queue.length > 0) {
        this.closing = true;
        return 2;
      }
      this.upgrading = req;
      return 2; // llhttp stops here; the rest of the chunk belongs to the upgraded protocol
    }
    const res = new Http1Response(this, req.method === 'HEAD', shouldKeepAlive && !this.closing, major === 1 && minor === 0);
    this.queue.push(res);
    if (this.queue.length === 1) res.activate();
    else if (this.queue.length >= MAX_QUEUED) this.reads.pause();
    this.incoming = req;
    this.idleSince = 0;
    const bodyless = hasNoBody(req);
    this.completeInline(bodyless);
    const refusal = refuse(req);
    if (refusal !== 0) {
      res.closeAfter ||= refusal === 400;
      res.writeHead(refusal, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 0 });
      res.end();
    } else {
      if (req.headers.expect !== undefined && this.queue.length === 1) this.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
      try {
        this.handlers.request(req, res);
      } catch {
        this.socket.destroy(); // the handler never throws; if it did, the request's state is unknown
      }
    }
    // A request without a body ends here: llhttp's message-complete callback is off for it (completeInline).
    if (bodyless) this.onMessageComplete();
    return 0;
  };

  /** The request being parsed is complete: its body (if any) has ended. */
  private readonly onMessageComplete = (): void => {
    this.requestStartedAt = 0;
    const req = this.incoming;
    this.incoming = undefined;
    if (this.queue.length === 0) this.idleSince = coarseNow();
    req?.complete();
  };

  /**
   * Whether a request completes inside its headers callback (true) or in llhttp's
   * message-complete callback. llhttp skips that callback while its slot holds no function, so
   * most requests (no body) cost one call from C++ into JS less. The slot is written only when
   * this changes (a GET after a POST), not per request.
   */
  private completeInline(inline: boolean): void {
    if (this.completesInline === inline) return;
    this.completesInline = inline;
    this.parser[HTTPParser.kOnMessageComplete] = inline ? undefined : this.onMessageComplete;
  }

  private handOver(req: Http1Request, head: Buffer): void {
    this.upgrading = undefined;
    this.detach();
    this.handlers.upgrade(req, this.socket, head);
  }

  private onParseError(err: Error): void {
    const code = (err as { code?: string }).code;
    // Bytes after a `Connection: close` request: stop reading, let its answer finish.
    if (code === 'HPE_CLOSED_CONNECTION') {
      this.closing = true;
      return;
    }
    if (this.queue.length > 0) {
      this.socket.destroy();
      return;
    }
    this.answerAndClose(code === 'HPE_HEADER_OVERFLOW' ? 431 : 400);
  }

  /** A protocol-level answer on a connection with nothing in flight, then close. */
  private answerAndClose(status: 400 | 408 | 431): void {
    this.closing = true;
    this.detach();
    this.socket.end(`HTTP/1.1 ${status} ${STATUS_LINE[status]}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`, 'latin1');
  }

  private readonly onDrain = (): void => {
    this.queue[0]?.emit('drain');
  };

  private readonly onEnd = (): void => {
    // The client half-closed: answer what it asked, then close (no more requests can come).
    this.closing = true;
    if (this.queue.length === 0) this.socket.end();
  };

  private readonly onClose = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    const req = this.incoming;
    this.incoming = undefined;
    // A body cut short: whoever streams it sees 'close' before 'end'. Never an error: listeners
    // come and go as the response closes below, and an 'error' nobody hears would end the process.
    if (req !== undefined && !req.readableEnded) req.destroy();
    for (const res of this.queue.splice(0)) res.connectionClosed();
    this.onGone(this);
  };

  /** Stop parsing: the parser is released, the socket keeps its close listener. */
  private detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('drain', this.onDrain);
    this.socket.off('end', this.onEnd);
    if (this.parserFreed) return;
    this.parserFreed = true;
    this.reads.release();
    this.parser.free();
  }
}

/**
 * Whether llhttp completes the request right after its head: a request has a body only by
 * Transfer-Encoding or a Content-Length above 0 (RFC 9112 6.3; never read until close). Any
 * other Content-Length spelling (`00`) counts as a body here, which only keeps the callback.
 */
function hasNoBody(req: Http1Request): boolean {
  const headers = req.headers;
  const length = headers['content-length'];
  return headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/** A request the connection answers itself (node:http's checks): 0 to pass it on. */
function refuse(req: Http1Request): 0 | 400 | 417 {
  // HTTP/1.1 requires Host (RFC 9112 3.2).
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1 && req.headers.host === undefined) return 400;
  const expect = req.headers.expect;
  if (expect !== undefined && expect.toLowerCase() !== '100-continue') return 417;
  return 0;
}

function noop(): void {}

const STATUS_LINE = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' } as const;
