/**
 * gRPC status codes for answers the proxy makes itself to gRPC requests (SEMANTICS 8.1): a gRPC
 * client gets a trailers-only response (HTTP 200, `grpc-status`, `grpc-message`), never an HTTP
 * error page. Pure.
 */
export const GRPC_STATUS = Object.freeze({
  OK: 0,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const);

/** `content-type: application/grpc`, `application/grpc+proto`, ... (what select-route calls gRPC). */
export function isGrpcContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.startsWith('application/grpc');
}

/**
 * The gRPC status for the HTTP status the proxy would have answered an HTTP client with:
 * no route 404 -> UNIMPLEMENTED; invalid backend 500, no endpoints 503, refused 503 and reset
 * 502 -> UNAVAILABLE (SEMANTICS 6.4: "UNAVAILABLE instead of 500/503"); our deadline 504 ->
 * DEADLINE_EXCEEDED; a malformed request 400 -> INTERNAL, as gRPC's own HTTP mapping does;
 * 431 -> RESOURCE_EXHAUSTED; 421 -> UNAVAILABLE (retry on another connection); else UNKNOWN.
 */
export function grpcStatusForHttp(status: number): number {
  switch (status) {
    case 404:
      return GRPC_STATUS.UNIMPLEMENTED;
    case 421:
    case 429:
    case 500:
    case 502:
    case 503:
      return GRPC_STATUS.UNAVAILABLE;
    case 504:
    case 408:
      return GRPC_STATUS.DEADLINE_EXCEEDED;
    case 400:
      return GRPC_STATUS.INTERNAL;
    case 401:
      return 16; // UNAUTHENTICATED
    case 403:
      return GRPC_STATUS.PERMISSION_DENIED;
    case 431:
      return GRPC_STATUS.RESOURCE_EXHAUSTED;
    default:
      return GRPC_STATUS.UNKNOWN;
  }
}

/**
 * `grpc-message` is percent-encoded (gRPC over HTTP/2 spec): bytes outside printable ASCII
 * (0x20-0x7E) and `%` itself become `%XX` of their UTF-8 bytes.
 */
export function encodeGrpcMessage(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  let out = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    out += byte < 0x20 || byte > 0x7e || byte === 0x25 ? `%${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** The inverse of encodeGrpcMessage; malformed escapes are kept as they are. */
export function decodeGrpcMessage(encoded: string): string {
  if (!encoded.includes('%')) return encoded;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded.charCodeAt(i);
    if (c === 0x25 && i + 2 < encoded.length && /^[0-9a-fA-F]{2}$/.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
