import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The echo server's `/ws` endpoint (conformance `HTTPRouteBackendProtocolWebSocket`): a minimal
 * RFC 6455 server that sends every data frame back as it came (same opcode and FIN bit), answers
 * pings, and closes when the client closes.
 */

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** Larger frames close the connection with 1009 (message too big). */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** Completes the handshake on `socket` and echoes frames until either side closes. */
export function acceptWebSocketEcho(req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || key === '' || req.headers['sec-websocket-version'] !== '13') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);

  let buffered: Buffer = head.length > 0 ? Buffer.from(head) : Buffer.alloc(0);
  let closed = false;
  const onData = (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      const frame = readFrame(buffered);
      if (frame === 'incomplete') return;
      if (frame === 'too-large') {
        closeWith(1009);
        return;
      }
      buffered = buffered.subarray(frame.length);
      if (frame.opcode === OPCODE.close) {
        closeWith(frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1000);
        return;
      }
      if (frame.opcode === OPCODE.ping) socket.write(encodeFrame(OPCODE.pong, true, frame.payload));
      else if (frame.opcode !== OPCODE.pong) socket.write(encodeFrame(frame.opcode, frame.fin, frame.payload));
    }
  };
  function closeWith(code: number): void {
    if (closed) return;
    closed = true;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    socket.end(encodeFrame(OPCODE.close, true, payload));
  }
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
  if (buffered.length > 0) onData(Buffer.alloc(0));
}

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  /** Bytes the frame took in the buffer. */
  length: number;
}

function readFrame(buffer: Buffer): Frame | 'incomplete' | 'too-large' {
  if (buffer.length < 2) return 'incomplete';
  const first = buffer[0] ?? 0;
  const second = buffer[1] ?? 0;
  const masked = (second & 0x80) !== 0;
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return 'incomplete';
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return 'incomplete';
    const big = buffer.readBigUInt64BE(2);
    if (big > BigInt(MAX_FRAME_BYTES)) return 'too-large';
    length = Number(big);
    offset = 10;
  }
  if (length > MAX_FRAME_BYTES) return 'too-large';
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return 'incomplete';
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked) {
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (buffer[maskOffset + (i % 4)] ?? 0);
  }
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, length: offset + length };
}

/** A server frame (never masked). */
function encodeFrame(opcode: number, fin: boolean, payload: Buffer): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([first, payload.length]);
  } else if (payload.length <= 0xffff) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}
