import { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { type CompiledEndpoint } from '@/server/proxy/compile-rule';

export interface CompiledMirror {
  /** `namespace/name:port` of the mirror target. */
  readonly name: string;
  readonly endpoints: readonly CompiledEndpoint[];
  readonly numerator: number;
  readonly denominator: number;
  /** Round-robin position among the endpoints. */
  next: number;
}

/** A mirror copy that has not answered in this long is abandoned. */
const MIRROR_TIMEOUT_MS = 10_000;

/**
 * Sends a copy of the (already filtered) request to one endpoint of the mirror target when the
 * per-request sample falls inside its fraction (SEMANTICS 5.6). The answer is discarded and
 * failures are ignored: a mirror never fails the primary request. A request body is streamed
 * to the mirror too (a mirror slower than the primary backend slows the body upload to both).
 */
export function sendMirror(req: IncomingMessage, mirror: CompiledMirror, method: string, target: string, headers: OutgoingHttpHeaders, hasBody: boolean): void {
  const n = mirror.endpoints.length;
  if (n === 0 || Math.random() * mirror.denominator >= mirror.numerator) return;
  mirror.next = (mirror.next + 1) % n;
  const endpoint = mirror.endpoints[mirror.next] as CompiledEndpoint;
  let copy: ClientRequest;
  try {
    copy = httpRequest({ agent: endpoint.agent, host: endpoint.address, port: endpoint.port, method, path: target, headers, setHost: false, timeout: MIRROR_TIMEOUT_MS });
  } catch {
    return; // the primary request reports the invalid value
  }
  copy.on('response', (res) => res.resume());
  copy.on('timeout', () => copy.destroy());
  copy.on('error', () => {
    if (hasBody) req.unpipe(copy);
  });
  if (hasBody) req.pipe(copy);
  else copy.end();
}
