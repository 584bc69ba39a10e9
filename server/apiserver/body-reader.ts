import type { IncomingMessage } from 'node:http';
import { parseDocument } from 'yaml';
import { ApiError } from '@/lib/k8s/status-error';
import { findDuplicateJsonKeys } from './json-duplicate-keys';
import { decodeProtobufObject } from './protobuf-body';

/** Request bodies above this are refused with 413 (etcd's object limit is ~1.5 MiB; kube-apiserver caps at 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface ParsedBody {
  value: unknown;
  /** Paths of keys that appeared more than once (the last occurrence was kept). */
  duplicateFields: string[];
}

/** Reads the whole body, refusing more than `limit` bytes with 413 RequestEntityTooLarge. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${limit} bytes; split the object or move large data out of it`,
  );
}

/** The media type without parameters, lower-cased: "application/json". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a JSON or YAML body; syntax errors become 400 BadRequest with line and column. */
export function parseBody(buf: Buffer, contentType: string | undefined): ParsedBody {
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') return { value: decodeProtobufObject(buf), duplicateFields: [] };
  const text = buf.toString('utf8');
  if (text.trim() === '') throw new ApiError('BadRequest', 'the request body is empty; send a JSON or YAML object');
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'text/yaml') {
    return parseYaml(text);
  }
  if (type !== '' && type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  }
  return parseJson(text);
}

export function parseJson(text: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(message);
    const where = m ? ` at ${lineColumn(text, Number(m[1]))}` : '';
    throw new ApiError('BadRequest', `the request body is not valid JSON${where}: ${message.replace(/ in JSON at position.*$/, '')}`);
  }
  return { value, duplicateFields: findDuplicateJsonKeys(text) };
}

function parseYaml(text: string): ParsedBody {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true });
  const fatal = doc.errors[0];
  if (fatal) {
    const pos = fatal.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw new ApiError('BadRequest', `the request body is not valid YAML${where}: ${fatal.message.split('\n')[0]}`);
  }
  const duplicateFields: string[] = [];
  collectYamlDuplicates(doc.contents, '', duplicateFields);
  return { value: doc.toJS({ maxAliasCount: 100 }) as unknown, duplicateFields };
}

interface YamlNodeLike {
  items?: unknown[];
}
interface YamlPairLike {
  key?: { value?: unknown } | null;
  value?: unknown;
}

function collectYamlDuplicates(node: unknown, path: string, out: string[]): void {
  const items = (node as YamlNodeLike | null)?.items;
  if (!Array.isArray(items)) return;
  const isMap = items.length > 0 && items.every((i) => i !== null && typeof i === 'object' && 'key' in i);
  if (isMap) {
    const seen = new Set<string>();
    for (const pair of items as YamlPairLike[]) {
      const key = String(pair.key?.value ?? pair.key ?? '');
      const childPath = path ? `${path}.${key}` : key;
      if (seen.has(key)) out.push(childPath);
      seen.add(key);
      collectYamlDuplicates(pair.value, childPath, out);
    }
  } else {
    items.forEach((item, i) => collectYamlDuplicates(item, `${path}[${i}]`, out));
  }
}

function lineColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}
