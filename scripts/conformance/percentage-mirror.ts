import { randomUUID } from 'node:crypto';
import type { EchoBackend } from './echo-backends';
import type { ExchangeResult } from './http-exchange';
import { checkResponse, type HttpExpectation } from './http-expectation';
import { echoLogLine, withRequestId } from './mirror-check';

/**
 * HTTPRouteRequestPercentageMirror (cases.json `kind: percentageMirror`), as its notes say: after
 * one eventually-consistent response, up to `distributionChecks` times, a fresh request id goes
 * on the path, `totalRequests` requests are sent (`concurrency` in flight, each must pass the
 * response expectation), and the mirror backend's log lines for that path are counted; with
 * p = percent / 100 the count must lie in total * p +/- k * sqrt(total * p * (1 - p)). One
 * passing round ends the case.
 *
 * Stricter than upstream in one way: upstream polls the log until the count is in the band, so a
 * count still rising past the band passes on the way; here the count is read once it has
 * stopped growing (mirrors are fire and forget and may land after the primary responses).
 */
export interface PercentageMirrorParams {
  totalRequests: number;
  concurrency: number;
  toleranceStdDevs: number;
  distributionChecks: number;
}

export const DEFAULT_SHARE_PARAMS: PercentageMirrorParams = { totalRequests: 500, concurrency: 10, toleranceStdDevs: 3, distributionChecks: 5 };

/** The count of mirrored requests the band allows, inclusive. */
export function mirrorCountBand(total: number, percent: number, stdDevs: number): { low: number; high: number } {
  const p = percent / 100;
  const spread = stdDevs * Math.sqrt(total * p * (1 - p));
  return { low: total * p - spread, high: total * p + spread };
}

/** The one mirror of a percentage-mirror expectation, or why the runner cannot check it. */
export function percentMirrorOf(exp: HttpExpectation): { name: string; namespace: string; percent: number } | string {
  const mirrors = (exp.mirroredTo ?? []) as Array<{ name: string; namespace: string; percent?: number }>;
  const [mirror] = mirrors;
  if (mirrors.length !== 1 || mirror?.percent === undefined) return 'a percentage mirror check needs exactly one mirror with a percent';
  return { name: mirror.name, namespace: mirror.namespace, percent: mirror.percent };
}

export function isPercentMirror(exp: HttpExpectation): boolean {
  return ((exp.mirroredTo ?? []) as Array<{ percent?: number }>).some((m) => m.percent !== undefined);
}

/** Lines logged for `path` by any pod of the mirror's Service (a mirror goes to one endpoint of it). */
function countMirrored(backends: readonly EchoBackend[], mirror: { name: string; namespace: string }, path: string): number {
  const line = echoLogLine(path);
  let count = 0;
  for (const backend of backends) {
    if (backend.service !== mirror.name || backend.namespace !== mirror.namespace) continue;
    for (const logged of backend.log) if (logged.startsWith(line)) count++;
  }
  return count;
}

/** Polls `read` until it returns the same value for `quietMs`, or `timeoutMs` passes. */
async function settled(read: () => number, quietMs: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, quietMs)));
    const now = read();
    if (now !== last) [last, stableSince] = [now, Date.now()];
  }
  return last;
}

/**
 * The distribution rounds for `exp` (a percentage-mirror http step whose primary response is
 * already consistent). `send(path)` makes the step's request with that path.
 */
export async function checkMirroredShare(
  exp: HttpExpectation,
  send: (path: string) => Promise<ExchangeResult>,
  backends: readonly EchoBackend[],
  params: PercentageMirrorParams = DEFAULT_SHARE_PARAMS,
  settle: { quietMs: number; timeoutMs: number } = { quietMs: 1_000, timeoutMs: 10_000 },
): Promise<string | undefined> {
  const mirror = percentMirrorOf(exp);
  if (typeof mirror === 'string') return mirror;
  if (!backends.some((b) => b.service === mirror.name && b.namespace === mirror.namespace)) return `no echo backend runs for mirror ${mirror.namespace}/${mirror.name}`;
  const { low, high } = mirrorCountBand(params.totalRequests, mirror.percent, params.toleranceStdDevs);
  const counts: number[] = [];
  for (let round = 0; round < params.distributionChecks; round++) {
    const attempt = withRequestId(exp, randomUUID());
    let next = 0;
    let failure: string | undefined;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < params.totalRequests) {
        next++;
        const why = checkResponse(attempt, await send(attempt.request.path));
        if (why !== undefined) failure ??= why;
      }
    };
    await Promise.all(Array.from({ length: params.concurrency }, worker));
    if (failure !== undefined) return `a request of the mirrored batch: ${failure}`;
    const count = await settled(() => countMirrored(backends, mirror, attempt.request.path), settle.quietMs, settle.timeoutMs);
    if (count >= low && count <= high) return undefined;
    counts.push(count);
  }
  return `mirror ${mirror.namespace}/${mirror.name} logged ${counts.join(', ')} of ${params.totalRequests} requests in ${params.distributionChecks} rounds, never within ${low.toFixed(1)}-${high.toFixed(1)} (${mirror.percent} %)`;
}
