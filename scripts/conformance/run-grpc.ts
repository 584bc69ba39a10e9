import { callGrpcEcho, type GrpcCallOptions } from '@/server/echo/grpc-echo-client';
import { gatewayAddress, type K8sClient } from './k8s-client';
import { checkGrpcResult, type GrpcExpectation } from './grpc-expectation';
import { eventually } from './eventually';
import type { Sampler } from './weighted-distribution';

/**
 * gRPC expectations against a Gateway: plaintext HTTP/2 to its address on the listener port
 * (plus the offset), `:authority` from `request.authority` (else `address:port`, as grpc-go
 * dials), metadata as headers. Eventually consistent like HTTP: repeat until
 * `requiredConsecutiveSuccesses` matches in a row within `stepTimeoutMs`.
 */
export interface GrpcRunContext {
  client: K8sClient;
  listenerPortOffset: number;
  stepTimeoutMs: number;
  requiredConsecutiveSuccesses: number;
}

async function callOptions(exp: GrpcExpectation, ctx: GrpcRunContext): Promise<GrpcCallOptions> {
  const address = exp.target.gateway ? await gatewayAddress(ctx.client, exp.target.gateway) : '127.0.0.1';
  const port = exp.target.port ?? 80;
  return {
    address,
    port: port + ctx.listenerPortOffset,
    authority: exp.request.authority ?? `${address}:${port}`,
    service: exp.request.service,
    method: exp.request.method,
    metadata: exp.request.metadata,
    timeoutMs: 10_000,
  };
}

export async function runGrpc(exp: GrpcExpectation, ctx: GrpcRunContext): Promise<string | undefined> {
  const options = await callOptions(exp, ctx);
  const why = await eventually({ timeoutMs: ctx.stepTimeoutMs, required: ctx.requiredConsecutiveSuccesses, nothingTried: 'no call made', thrown: 'call failed' }, async () =>
    checkGrpcResult(exp, await callGrpcEcho(options)),
  );
  return why === undefined ? undefined : `${exp.name ?? callLabel(exp)} at ${options.address}:${options.port}: ${why}`;
}

/** `Echo @authority {metadata}`: which of a test's calls failed (most have no name). */
function callLabel(exp: GrpcExpectation): string {
  const metadata = exp.request.metadata && Object.keys(exp.request.metadata).length > 0 ? ` ${JSON.stringify(exp.request.metadata)}` : '';
  return `${exp.request.method}${exp.request.authority ? ` @${exp.request.authority}` : ''}${metadata}`;
}

/** The weightedDistribution sampler for a gRPC test: one Echo call per sample (jitter as `x-jitter` metadata), the answering pod. */
export async function grpcSampler(exp: GrpcExpectation, ctx: GrpcRunContext): Promise<Sampler> {
  const options = await callOptions(exp, ctx);
  return async (jitter) => {
    const res = await callGrpcEcho(jitter === undefined ? options : { ...options, metadata: { ...options.metadata, 'x-jitter': jitter } });
    if (res.code !== 0) throw new Error(`gRPC status ${res.code}${res.message ? ` (${res.message})` : ''} from ${options.address}:${options.port}`);
    return res.response?.assertions?.context?.pod ?? '';
  };
}
