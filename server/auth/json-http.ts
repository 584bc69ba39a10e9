import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small JSON-over-HTTP helpers for Portico's own `/api/auth` endpoints. */

export const MAX_JSON_BODY_BYTES = 16 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** True for a browser's plain HTML form post (the console's forms work before JavaScript loads). */
export function isFormPost(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Reads a form-encoded body of at most `limit` bytes into a plain object of its first values. */
export async function readFormBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<Record<string, string>> {
  const fields = new URLSearchParams(await readText(req, limit));
  return Object.fromEntries([...fields.keys()].map((key) => [key, fields.get(key) ?? '']));
}

async function readText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and parses a JSON body of at most `limit` bytes. Requires `Content-Type:
 * application/json`: a cross-site HTML form cannot send that type without a CORS preflight.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'send the request body as JSON with "Content-Type: application/json"');
  }
  const text = await readText(req, limit);
  if (text.trim() === '') throw new HttpError(400, 'invalid_json', 'the request body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, 'invalid_json', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    // Answers carry identities and tokens: never cache them.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

/** 303 See Other: where a browser form post lands afterwards. */
export function sendRedirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0, ...headers });
  res.end();
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

function tooLarge(limit: number): HttpError {
  // The rest of the body is not read: close the connection rather than parse what follows it.
  return new HttpError(413, 'payload_too_large', `the request body exceeds ${limit} bytes`, { Connection: 'close' });
}
