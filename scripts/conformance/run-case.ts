import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { K8sObject } from '@/lib/k8s/object';
import type { ConformanceCase } from './conformance-case';
import { startEchoBackends, stopEchoBackends, type EchoBackend } from './echo-backends';
import { eventually } from './eventually';
import { exchange } from './http-exchange';
import { checkResponse, type HttpExpectation } from './http-expectation';
import { gatewayAddress, type K8sClient } from './k8s-client';
import { waitForMirrors, withRequestId } from './mirror-check';
import { checkMirroredShare, DEFAULT_SHARE_PARAMS, isPercentMirror, type PercentageMirrorParams, percentMirrorOf } from './percentage-mirror';
import { describeObject, loadManifestFile, rewriteManifest, type ManifestRewrite } from './manifests';
import { runAssertion, runMutation, unsupportedMutation, type MutationState } from './mutations';
import { RUNTIME_STEPS, type RuntimeContext } from './runtime-steps';
import type { GrpcExpectation } from './grpc-expectation';
import { grpcSampler, runGrpc } from './run-grpc';
import type { Probe } from './status-checks';
import { checkWeightedDistribution, type WeightedDistributionStep } from './weighted-distribution';

/**
 * Runs one conformance test: applies its manifests (plus echo backends for any echo
 * Deployments they carry), walks its waitFor / status / http / mutation steps in `seq` order, and deletes
 * what it created. Steps the runner cannot perform make the test SKIP before anything is applied.
 */

export type CaseOutcome = { result: 'PASS' } | { result: 'FAIL' | 'SKIP'; reason: string };

export interface CaseContext {
  client: K8sClient;
  manifestsDir: string;
  rewrite: ManifestRewrite;
  listenerPortOffset: number;
  probeFor(step: Record<string, unknown>): Probe | undefined;
  /** Bound on each eventually-consistent step. */
  stepTimeoutMs: number;
  requiredConsecutiveSuccesses: number;
  /** The suite's base objects (Deployments a test's Services may select) and their echo backends. */
  baseObjects: readonly K8sObject[];
  baseBackends: readonly EchoBackend[];
}

type Step = Record<string, unknown> & { seq: number };

/** Kinds the local echo servers and EndpointSlices stand in for. */
const REPLACED_KINDS = new Set(['Deployment', 'Pod']);

/** Why the runner cannot run this test, or undefined. */
export function unsupportedReason(test: ConformanceCase, probeFor: CaseContext['probeFor']): string | undefined {
  for (const step of (test.grpc ?? []) as unknown as GrpcExpectation[]) {
    if (step.mode !== 'eventuallyConsistent') return `grpc mode ${step.mode} not supported by the runner yet`;
  }
  const percentageMirror = test.kind === 'percentageMirror';
  for (const step of [...test.mutations, ...test.dynamic] as Step[]) {
    if (percentageMirror && (isSuiteSetting(step) || isMirrorLogCheck(step))) continue;
    const why = unsupportedMutation(step, RUNTIME_STEPS[test.name]);
    if (why) return `${why} not supported by the runner yet`;
  }
  for (const step of [...test.waitFor, ...test.status]) {
    if (!probeFor(step)) return `check ${String(step.kind ?? step.check)} not supported by the runner yet`;
  }
  const weighted = (test.dynamic as Step[]).some((d) => d.kind === 'weightedDistribution');
  for (const step of test.http as unknown as HttpExpectation[]) {
    // A probe inside upstream's weight sampler is the request the weightedDistribution step sends.
    const sampled = step.mode === 'probe' && weighted && (step as { within?: string }).within === 'weight.NewFunctionBasedSender';
    const probed = step.mode === 'probe' && RUNTIME_STEPS[test.name]?.probe !== undefined;
    if (step.mode !== 'eventuallyConsistent' && !sampled && !probed) return `http mode ${step.mode} not supported by the runner yet`;
    if (isPercentMirror(step)) {
      if (!percentageMirror) return 'percentage mirror counting outside a percentageMirror test not supported by the runner yet';
      const mirror = percentMirrorOf(step);
      if (typeof mirror === 'string') return mirror;
    }
    if (step.target.scheme !== 'http' && step.target.scheme !== 'https') return `scheme ${step.target.scheme} not supported by the runner yet`;
    if ((step.request as { clientCert?: unknown }).clientCert) return 'client certificates not supported by the runner yet';
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A `set` of upstream's suite configuration rather than of an object read before it (the
 * percentage-mirror test lowers requiredConsecutiveSuccesses for its log check, which here
 * reads the settled count once instead).
 */
function isSuiteSetting(step: Step): boolean {
  return step.op === 'set' && step.field === 'requiredConsecutiveSuccesses';
}

/** The percentage-mirror test's `Eventually` over the mirror's log: the share check (percentage-mirror.ts). */
function isMirrorLogCheck(step: Step): boolean {
  return step.kind === 'assertion' && step.assert === 'Eventually';
}

async function poll(probe: Probe, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let why: string | undefined = 'not checked';
  while (Date.now() < deadline) {
    try {
      why = await probe();
    } catch (err) {
      why = (err as Error).message;
    }
    if (why === undefined) return undefined;
    await sleep(200);
  }
  return why;
}

async function buildRequest(exp: HttpExpectation, ctx: CaseContext) {
  const defaultPort = exp.target.scheme === 'https' ? 443 : 80;
  const port = exp.target.port ?? defaultPort;
  const address = exp.target.gateway ? await gatewayAddress(ctx.client, exp.target.gateway) : '127.0.0.1';
  const host = exp.request.host ?? (port === defaultPort ? address : `${address}:${port}`);
  const echoSet = Object.entries(exp.backendSetResponseHeaders ?? {}).map(([k, v]) => `${k}:${v}`).join(',');
  return {
    scheme: exp.target.scheme as 'http' | 'https',
    address,
    port: port + ctx.listenerPortOffset,
    host,
    path: exp.request.path,
    method: exp.request.method ?? 'GET',
    headers: { ...(exp.request.headers ?? {}), 'X-Echo-Set-Header': echoSet },
    serverName: exp.target.serverName,
    protocol: exp.request.protocol as 'H2' | 'H2C_PRIOR_KNOWLEDGE' | undefined,
    body: exp.request.body,
    timeoutMs: 10_000,
  };
}

/** Samples `exp` (a probe step) for a weightedDistribution step: the answering pod of each request. */
async function runWeighted(step: WeightedDistributionStep, exp: HttpExpectation | undefined, ctx: CaseContext): Promise<string | undefined> {
  if (!exp) return 'no probe request to sample';
  const request = await buildRequest(exp, ctx);
  return checkWeightedDistribution(step, async (jitter) => {
    const res = await exchange(jitter === undefined ? request : { ...request, headers: { ...request.headers, 'X-Jitter': jitter } });
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return (JSON.parse(res.body) as { pod?: string }).pod ?? '';
  });
}

/** The share of `exp`'s requests its percentage mirror got (checkMirroredShare), with the test's params. */
async function runMirroredShare(exp: HttpExpectation | undefined, test: ConformanceCase, ctx: CaseContext, backends: readonly EchoBackend[]): Promise<string | undefined> {
  if (!exp) return 'no percentage-mirror request before the mirror log check';
  const request = await buildRequest(exp, ctx);
  const why = await checkMirroredShare(exp, (path) => exchange({ ...request, path }), backends, { ...DEFAULT_SHARE_PARAMS, ...(test.params as Partial<PercentageMirrorParams> | undefined) });
  return why === undefined ? undefined : `${exp.name ?? exp.request.path}: ${why}`;
}

async function runHttp(exp: HttpExpectation, ctx: CaseContext, backends: readonly EchoBackend[]): Promise<string | undefined> {
  const request = await buildRequest(exp, ctx);
  const why = await eventually({ timeoutMs: ctx.stepTimeoutMs, required: ctx.requiredConsecutiveSuccesses, nothingTried: 'no request made', thrown: 'request failed' }, async () => {
    const attempt = exp.request.addsRequestIdQueryParam ? withRequestId(exp, randomUUID()) : exp;
    const res = await exchange({ ...request, path: attempt.request.path });
    // A percentage mirror may skip any one request: its share is checked over a batch (checkMirroredShare).
    return checkResponse(attempt, res) ?? (attempt.mirroredTo?.length && !isPercentMirror(attempt) ? await waitForMirrors(attempt, attempt.request.path, backends) : undefined);
  });
  if (why === undefined) return undefined;
  const label = exp.name ?? `${request.method} ${exp.request.host ?? ''}${exp.request.path}`;
  return `${label} at ${request.address}:${request.port}: ${why}`;
}

export async function runCase(test: ConformanceCase, ctx: CaseContext): Promise<CaseOutcome> {
  const skip = unsupportedReason(test, ctx.probeFor);
  if (skip) return { result: 'SKIP', reason: skip };
  const objects = test.manifests.flatMap((file) => loadManifestFile(path.join(ctx.manifestsDir, file))).map((o) => rewriteManifest(o, ctx.rewrite));
  const created: K8sObject[] = [];
  let backends: EchoBackend[] = [];
  try {
    backends = await startEchoBackends(objects, ctx.baseObjects);
    const runtimeSteps = RUNTIME_STEPS[test.name];
    const runtimeCtx: RuntimeContext = {
      backends: [...ctx.baseBackends, ...backends],
      client: ctx.client,
      rewrite: ctx.rewrite,
      listenerEndpoint: async (gateway, port) => ({ address: await gatewayAddress(ctx.client, gateway), port: port + ctx.listenerPortOffset }),
    };
    const runtime = runtimeSteps ? { steps: runtimeSteps, ctx: runtimeCtx } : undefined;
    const toCreate = [...objects.filter((o) => !REPLACED_KINDS.has(o.kind)), ...backends.map((b) => b.slice)];
    for (const object of toCreate) {
      if (!ctx.client.typeFor(object.apiVersion, object.kind)) return { result: 'FAIL', reason: `Portico does not serve ${object.apiVersion} ${object.kind}` };
      try {
        if (await ctx.client.create(object)) created.push(object);
      } catch (err) {
        return { result: 'FAIL', reason: `creating ${describeObject(object)}: ${(err as Error).message}` };
      }
    }
    const mutationState: MutationState = { generations: [], changed: new Set() };
    const steps = [
      ...test.waitFor.map((step) => ({ step, type: 'status' as const })),
      ...test.status.map((step) => ({ step, type: 'status' as const })),
      ...test.http.map((step) => ({ step, type: 'http' as const })),
      ...(test.grpc ?? []).map((step) => ({ step, type: 'grpc' as const })),
      ...(test.mutations as Step[]).map((step) => ({ step, type: 'mutation' as const })),
      ...(test.dynamic as Step[]).map((step) => ({ step, type: 'assertion' as const })),
    ].sort((a, b) => a.step.seq - b.step.seq);
    let probe: HttpExpectation | undefined;
    let lastGrpc: GrpcExpectation | undefined;
    let lastPercentMirror: HttpExpectation | undefined;
    const percentageMirror = test.kind === 'percentageMirror';
    const deferredProbes: HttpExpectation[] = [];
    for (const { step, type } of steps) {
      let why: string | undefined;
      if (type === 'http' && step.mode === 'probe' && runtime?.steps.probe) deferredProbes.push(step as unknown as HttpExpectation);
      else if (type === 'http' && step.mode === 'probe') probe = step as unknown as HttpExpectation;
      else if (type === 'grpc') why = await runGrpc((lastGrpc = step as unknown as GrpcExpectation), ctx);
      else if (type === 'http') {
        const exp = step as unknown as HttpExpectation;
        why = await runHttp(exp, ctx, [...ctx.baseBackends, ...backends]);
        if (isPercentMirror(exp)) lastPercentMirror = exp;
      } else if (type === 'mutation' && percentageMirror && isSuiteSetting(step)) continue;
      else if (type === 'mutation') why = await runMutation(step, mutationState, ctx.client, runtime);
      else if (type === 'assertion' && percentageMirror && isMirrorLogCheck(step)) why = await runMirroredShare(lastPercentMirror, test, ctx, [...ctx.baseBackends, ...backends]);
      // A gRPC test samples its last gRPC call (GRPCRouteWeight), an HTTP test its probe request.
      else if (type === 'assertion' && step.kind === 'weightedDistribution' && lastGrpc) why = await checkWeightedDistribution(step as unknown as WeightedDistributionStep, await grpcSampler(lastGrpc, ctx));
      else if (type === 'assertion' && step.kind === 'weightedDistribution') why = await runWeighted(step as unknown as WeightedDistributionStep, probe, ctx);
      else if (type === 'assertion') why = await runAssertion(step, mutationState, runtime);
      else why = await poll(ctx.probeFor(step)!, ctx.stepTimeoutMs);
      if (why !== undefined) {
        const label = type === 'status' ? `${String(step.kind ?? step.check)}: ` : '';
        return { result: 'FAIL', reason: `${label}${why}` };
      }
    }
    for (const exp of deferredProbes) {
      const request = await buildRequest(exp, ctx);
      const why = await runtime!.steps.probe!(exp, () => exchange(request));
      if (why !== undefined) return { result: 'FAIL', reason: why };
    }
    return { result: 'PASS' };
  } finally {
    for (const object of created.reverse()) {
      await ctx.client.remove(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name ?? '').catch(() => undefined);
    }
    await stopEchoBackends(backends);
  }
}
