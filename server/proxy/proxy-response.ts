import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { type HeaderEdit } from '@/server/proxy/header-edits';

/**
 * A response the proxy makes itself (404, 500, 503, redirects...). `edits` are the rule's
 * ResponseHeaderModifiers, applied to gateway-made responses too (SEMANTICS 5.3 recommendation).
 * Never throws: a header node:http refuses degrades to a bare 500.
 */
export function sendProxyResponse(
  res: ServerResponse,
  status: number,
  body: string,
  edits: readonly HeaderEdit[] = NO_EDITS,
  location?: string,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) };
  if (location !== undefined) headers.location = location;
  for (const edit of edits) edit(headers);
  try {
    res.writeHead(status, headers);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 22 });
    res.end('invalid response header');
    return;
  }
  res.end(body);
}

const NO_EDITS: readonly HeaderEdit[] = [];
