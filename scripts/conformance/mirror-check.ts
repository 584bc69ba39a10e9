import type { EchoBackend } from './echo-backends';
import type { HttpExpectation } from './http-expectation';

/**
 * Upstream's mirroring check: every request carries a fresh `gateway-api-conformance-request-id`
 * query parameter (in the request and the expected backend request), and after the primary
 * response matches, every `mirroredTo` backend must log `Echoing back request made to <path
 * with that query> to client` within 10 s.
 */

export const MIRROR_LOG_TIMEOUT_MS = 10_000;

/** `exp` with the request id appended to its request path and expected backend path. */
export function withRequestId(exp: HttpExpectation, id: string): HttpExpectation {
  const add = (path: string) => `${path}${path.includes('?') ? '&' : '?'}gateway-api-conformance-request-id=${id}`;
  const copy = structuredClone(exp);
  copy.request.path = add(exp.request.path);
  if (copy.backendRequest?.path !== undefined) copy.backendRequest.path = add(copy.backendRequest.path);
  return copy;
}

/** The start of the line an echo backend logs for a request to `path` (what the mirroring tests count). */
export function echoLogLine(path: string): string {
  return `Echoing back request made to ${path} to client`;
}

/** Waits until each mirror backend logged `path`; the reason when one did not in time. */
export async function waitForMirrors(exp: HttpExpectation, path: string, backends: readonly EchoBackend[], timeoutMs = MIRROR_LOG_TIMEOUT_MS): Promise<string | undefined> {
  const line = echoLogLine(path);
  const deadline = Date.now() + timeoutMs;
  for (const target of (exp.mirroredTo ?? []) as Array<{ name: string; namespace: string }>) {
    const backend = backends.find((b) => b.service === target.name && b.namespace === target.namespace);
    if (!backend) return `no echo backend runs for mirror ${target.namespace}/${target.name}`;
    while (!backend.log.some((l) => l.startsWith(line))) {
      if (Date.now() > deadline) return `mirror ${target.namespace}/${target.name} never logged a request to ${path}`;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return undefined;
}
