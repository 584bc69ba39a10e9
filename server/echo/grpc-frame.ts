/**
 * gRPC's length-prefixed messages (gRPC over HTTP/2 spec): 1 byte compressed flag, 4 bytes
 * big-endian length, then the message. Pure.
 */
export function frameGrpcMessage(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

export interface GrpcFrames {
  messages: Buffer[];
  /** Bytes after the last complete message (a truncated body when the stream has ended). */
  rest: Buffer;
  /** Set when a message says it is compressed (we never negotiate compression). */
  compressed: boolean;
}

/** Splits a body into its messages. */
export function readGrpcFrames(body: Buffer): GrpcFrames {
  const messages: Buffer[] = [];
  let compressed = false;
  let pos = 0;
  while (body.length - pos >= 5) {
    const length = body.readUInt32BE(pos + 1);
    if (body.length - pos - 5 < length) break;
    if (body[pos] !== 0) compressed = true;
    messages.push(body.subarray(pos + 5, pos + 5 + length));
    pos += 5 + length;
  }
  return { messages, rest: body.subarray(pos), compressed };
}
