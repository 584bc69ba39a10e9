import { ApiError } from '@/lib/k8s/status-error';

/**
 * Decodes the Kubernetes protobuf envelope for the few kinds kubectl's typed commands send as
 * protobuf (`kubectl create namespace|configmap|secret`, `auth can-i`, `auth whoami`); every
 * other kind is JSON or YAML. Responses are always JSON (kubectl accepts both). Only the fields
 * those commands set are mapped; anything else in the message is skipped.
 */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Field {
  no: number;
  wire: number;
  value: Buffer | number;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw malformed();
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw malformed();
  }
}

function malformed(): ApiError {
  return new ApiError('BadRequest', 'the protobuf request body is malformed');
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ no, wire, value: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      if (p2 + len > buf.length) throw malformed();
      out.push({ no, wire, value: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw malformed();
  }
  return out;
}

const bytesOf = (fs: Field[], no: number): Buffer | undefined => {
  const f = fs.find((x) => x.no === no && x.wire === 2);
  return f ? (f.value as Buffer) : undefined;
};
const strOf = (fs: Field[], no: number): string | undefined => bytesOf(fs, no)?.toString('utf8');
const strsOf = (fs: Field[], no: number): string[] => fs.filter((x) => x.no === no && x.wire === 2).map((x) => (x.value as Buffer).toString('utf8'));

function mapOf(fs: Field[], no: number, valueAsBase64 = false): Record<string, string> | undefined {
  const entries = fs.filter((x) => x.no === no && x.wire === 2);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = fields(e.value as Buffer);
    const v = bytesOf(kv, 2) ?? Buffer.alloc(0);
    out[strOf(kv, 1) ?? ''] = valueAsBase64 ? v.toString('base64') : v.toString('utf8');
  }
  return out;
}

function objectMeta(buf: Buffer | undefined): Record<string, unknown> {
  if (!buf) return {};
  const fs = fields(buf);
  const meta: Record<string, unknown> = {};
  const set = (k: string, v: unknown): void => {
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) meta[k] = v;
  };
  set('name', strOf(fs, 1));
  set('generateName', strOf(fs, 2));
  set('namespace', strOf(fs, 3));
  set('labels', mapOf(fs, 11));
  set('annotations', mapOf(fs, 12));
  set('finalizers', strsOf(fs, 14));
  return meta;
}

type Decoder = (fs: Field[]) => Record<string, unknown>;

const DECODERS: Record<string, Decoder> = {
  'v1/Namespace': (fs) => {
    const spec = bytesOf(fs, 2);
    const finalizers = spec ? strsOf(fields(spec), 1) : [];
    return { metadata: objectMeta(bytesOf(fs, 1)), ...(finalizers.length ? { spec: { finalizers } } : {}) };
  },
  'v1/ConfigMap': (fs) => {
    const data = mapOf(fs, 2);
    const binaryData = mapOf(fs, 3, true);
    return { metadata: objectMeta(bytesOf(fs, 1)), ...(data ? { data } : {}), ...(binaryData ? { binaryData } : {}) };
  },
  'v1/Secret': (fs) => {
    const data = mapOf(fs, 2, true);
    const type = strOf(fs, 3);
    return { metadata: objectMeta(bytesOf(fs, 1)), ...(data ? { data } : {}), ...(type ? { type } : {}) };
  },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': (fs) => {
    const spec = fields(bytesOf(fs, 2) ?? Buffer.alloc(0));
    const ra = bytesOf(spec, 1);
    const nra = bytesOf(spec, 2);
    const out: Record<string, unknown> = {};
    if (ra) {
      const r = fields(ra);
      const names = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
      out.resourceAttributes = Object.fromEntries(names.map((n, i) => [n, strOf(r, i + 1)]).filter(([, v]) => v !== undefined));
    }
    if (nra) {
      const r = fields(nra);
      out.nonResourceAttributes = { path: strOf(r, 1), verb: strOf(r, 2) };
    }
    return { metadata: objectMeta(bytesOf(fs, 1)), spec: out };
  },
  'authentication.k8s.io/v1/SelfSubjectReview': (fs) => ({ metadata: objectMeta(bytesOf(fs, 1)) }),
};

export function decodeProtobufObject(buf: Buffer): Record<string, unknown> {
  if (buf.length < 4 || !buf.subarray(0, 4).equals(MAGIC)) throw malformed();
  const unknown = fields(buf.subarray(4));
  const typeMeta = fields(bytesOf(unknown, 1) ?? Buffer.alloc(0));
  const apiVersion = strOf(typeMeta, 1) ?? '';
  const kind = strOf(typeMeta, 2) ?? '';
  const decoder = DECODERS[`${apiVersion}/${kind}`];
  if (!decoder) {
    throw new ApiError('UnsupportedMediaType', `protobuf bodies are accepted for ${Object.keys(DECODERS).join(', ')} only; send ${kind || 'this object'} as application/json`);
  }
  return { apiVersion, kind, ...decoder(fields(bytesOf(unknown, 2) ?? Buffer.alloc(0))) };
}
