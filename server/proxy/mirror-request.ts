import { type ClientRequest, type OutgoingHttpHeaders, request as httpRequest } from 'node:http';
import { type ClientHttp2Stream, constants as h2 } from 'node:http2';
import { type Writable } from 'node:stream';
import { type CompiledEndpoint } from '@/server/proxy/compile-rule';
import { type DownstreamRequest } from '@/server/proxy/proxy-response';

export interface CompiledMirror {
  /** `namespace/name:port` of the mirror target. */
  readonly name: string;
  /** Endpoints of an `h2c` target carry their HTTP/2 session holder: mirrored over HTTP/2. */
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
export function sendMirror(req: DownstreamRequest, mirror: CompiledMirror, method: string, target: string, headers: OutgoingHttpHeaders, hasBody: boolean): void {
  const n = mirror.endpoints.length;
  if (n === 0 || Math.random() * mirror.denominator >= mirror.numerator) return;
  mirror.next = (mirror.next + 1) % n;
  const endpoint = mirror.endpoints[mirror.next] as CompiledEndpoint;
  let copy: ClientRequest | ClientHttp2Stream;
  try {
    if (endpoint.h2 !== undefined) {
      const stream = mirrorH2(endpoint.h2.session(), method, target, headers, hasBody);
      stream.on('response', () => stream.resume());
      copy = stream;
    } else {
      const request = httpRequest({ agent: endpoint.agent, host: endpoint.address, port: endpoint.port, method, path: target, headers, setHost: false, timeout: MIRROR_TIMEOUT_MS });
      request.on('response', (res) => res.resume());
      request.on('timeout', () => request.destroy());
      if (!hasBody) request.end();
      copy = request;
    }
  } catch {
    return; // the primary request reports the invalid value
  }
  copy.on('error', () => {
    if (hasBody) req.unpipe(copy as Writable);
  });
  if (hasBody) req.pipe(copy as Writable);
}

function mirrorH2(session: ReturnType<NonNullable<CompiledEndpoint['h2']>['session']>, method: string, target: string, headers: OutgoingHttpHeaders, hasBody: boolean): ClientHttp2Stream {
  const out: OutgoingHttpHeaders = { [h2.HTTP2_HEADER_METHOD]: method, [h2.HTTP2_HEADER_PATH]: target, [h2.HTTP2_HEADER_SCHEME]: 'http', [h2.HTTP2_HEADER_AUTHORITY]: headers.host as string | undefined };
  for (const name in headers) if (name !== 'host' && name !== 'transfer-encoding') out[name] = headers[name];
  const stream = session.request(out, { endStream: !hasBody });
  stream.setTimeout(MIRROR_TIMEOUT_MS, () => stream.close(h2.NGHTTP2_CANCEL));
  return stream;
}
