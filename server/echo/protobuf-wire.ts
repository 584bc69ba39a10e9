/**
 * The little of the protobuf wire format the gRPC echo messages need (proto3, strings and
 * embedded messages only): a writer for length-delimited fields and a reader that walks
 * fields and skips the ones it does not know (varint, 64-bit, length-delimited, 32-bit).
 */

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

export class ProtoWriter {
  private readonly parts: Buffer[] = [];

  /** A string field; proto3 leaves the default (empty) out. */
  string(field: number, value: string | undefined): this {
    if (value === undefined || value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  /** An embedded message field, written even when empty (it is set). */
  message(field: number, body: Buffer | undefined): this {
    return body === undefined ? this : this.bytes(field, body);
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }

  private bytes(field: number, body: Buffer): this {
    this.parts.push(encodeVarint((field << 3) | WIRE_LEN), encodeVarint(body.length), body);
    return this;
  }
}

export function encodeVarint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

export class ProtoDecodeError extends Error {
  readonly code = 'PROTO_DECODE';
}

/** Calls `onField` for every length-delimited field of `buf` (others are skipped). Throws ProtoDecodeError on truncation. */
export function readLengthDelimitedFields(buf: Uint8Array, onField: (field: number, body: Uint8Array) => void): void {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new ProtoDecodeError('truncated varint');
      const b = buf[pos++] as number;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ProtoDecodeError('varint longer than 10 bytes');
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === WIRE_VARINT) varint();
    else if (wire === WIRE_I64) pos += 8;
    else if (wire === WIRE_I32) pos += 4;
    else if (wire === WIRE_LEN) {
      const length = varint();
      if (pos + length > buf.length) throw new ProtoDecodeError(`field ${field} runs past the end`);
      onField(field, buf.subarray(pos, pos + length));
      pos += length;
    } else throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    if (pos > buf.length) throw new ProtoDecodeError('truncated fixed-width field');
  }
}

export function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
