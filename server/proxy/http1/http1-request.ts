import { type IncomingHttpHeaders } from 'node:http';
import { type Socket } from 'node:net';
import { Readable } from 'node:stream';

/**
 * One HTTP/1.x request as the proxy's own connection handler (http1-connection.ts) parsed it:
 * the subset of node's IncomingMessage the request path reads, and the body as a Readable
 * (pushed by the parser, with backpressure on the socket). Built once per request, so it does
 * no work until asked: `headers` is computed on first read, as node does.
 */
export class Http1Request extends Readable {
  private parsedHeaders: IncomingHttpHeaders | undefined;
  /** The connection asks for more body bytes (resumes its socket) when the stream wants them. */
  onReadMore: (() => void) | undefined;
  /** The parser saw the end of the body. */
  private bodyComplete = false;

  constructor(
    readonly socket: Socket,
    readonly method: string,
    readonly url: string,
    /** Names and values as received, alternating, as node's `rawHeaders`. */
    readonly rawHeaders: string[],
    readonly httpVersionMajor: number,
    readonly httpVersionMinor: number,
  ) {
    super();
  }

  get headers(): IncomingHttpHeaders {
    return (this.parsedHeaders ??= foldHeaders(this.rawHeaders));
  }

  get httpVersion(): string {
    return `${this.httpVersionMajor}.${this.httpVersionMinor}`;
  }

  /**
   * The body is complete. The stream ends now if someone reads it, else on the first read:
   * most requests have no body and nobody reads them, and ending a stream nobody reads still
   * costs a round of stream events per request.
   */
  complete(): void {
    this.bodyComplete = true;
    if (this.readableFlowing !== null) this.push(null);
  }

  override _read(): void {
    if (this.bodyComplete) this.push(null);
    else this.onReadMore?.();
  }
}

/**
 * node:http's folding of repeated request headers (IncomingMessage with joinDuplicateHeaders
 * off), so routing and header matches see exactly what they saw before: names lower-cased;
 * the first value of a singleton field wins; set-cookie collects an array; cookie joins with
 * `; `; every other field joins with `, `. http1-request.test.ts compares this with node:http.
 */
export function foldHeaders(raw: readonly string[]): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    // typeof, not `=== undefined`: a name like `constructor` finds what every object inherits.
    const existing = out[name];
    if (name === 'set-cookie') {
      if (Array.isArray(existing)) existing.push(value);
      else out[name] = [value];
    } else if (typeof existing !== 'string') {
      out[name] = value;
    } else if (!FIRST_WINS.has(name)) {
      out[name] = `${existing}${name === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  return out as IncomingHttpHeaders;
}

/** The fields node:http keeps only the first of (lib/_http_incoming.js matchKnownFields). */
const FIRST_WINS: ReadonlySet<string> = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);
