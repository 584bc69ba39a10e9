import { createRequire } from 'node:module';

/**
 * Node's own HTTP/1.x parser (llhttp, the one node:http runs, strict unless told otherwise),
 * reached through the `_http_common` builtin. The proxy drives it directly on its sockets
 * (downstream requests, upstream responses) instead of going through node:http's
 * IncomingMessage/ServerResponse and undici: that layer was most of the proxy's CPU per
 * request. Typed here once; every use goes through this module.
 */
export interface HttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenientFlags: number): void;
  execute(data: Buffer): number | Error;
  finish(): number | Error | undefined;
  pause(): void;
  resume(): void;
  free(): void;
  close(): void;
  /** Reads `handle` (a socket's `_handle`) itself, in C++; kOnExecute hears each read's result. */
  consume(handle: object): void;
  unconsume(): void;
  /** A copy of the read being parsed (only inside kOnExecute of a consumed socket). */
  getCurrentBuffer(): Buffer;
  /**
   * Milliseconds since the first byte of the message being parsed; 0 once it is complete.
   * Undefined (garbage) until a first message has begun on the parser.
   */
  duration(): number;
  [callback: number]: unknown;
}

interface HttpParserConstructor {
  new (): HttpParser;
  readonly REQUEST: number;
  readonly RESPONSE: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
  readonly kOnExecute: number;
}

interface HttpCommon {
  HTTPParser: HttpParserConstructor;
  /** Method names by the index llhttp reports. */
  methods: readonly string[];
  /** A valid header name or method (RFC 9110 token). */
  _checkIsHttpToken(value: string): boolean;
  /** A header value containing a character node:http refuses (CR, LF, NUL, other controls, > 0xff). */
  _checkInvalidHeaderChar(value: string): boolean;
}

const common = createRequire(import.meta.url)('_http_common') as HttpCommon;

export const HTTPParser = common.HTTPParser;
export const HTTP_METHODS = common.methods;
export const isHttpToken = common._checkIsHttpToken;
export const hasInvalidHeaderChar = common._checkInvalidHeaderChar;

/** No lenient flags: every llhttp strictness check stays on (API-AND-VALIDATION c.2b). */
export const STRICT = 0;

/** The headers-complete callback's arguments, in llhttp's order. */
export type OnHeadersComplete = (
  versionMajor: number,
  versionMinor: number,
  headers: string[] | undefined,
  method: number | undefined,
  url: string | undefined,
  statusCode: number | undefined,
  statusMessage: string | undefined,
  upgrade: boolean,
  shouldKeepAlive: boolean,
) => number | void;
