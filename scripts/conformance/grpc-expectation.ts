import type { GrpcCallResult } from '@/server/echo/grpc-echo-client';

/**
 * One `grpc[]` entry of cases.json and the upstream rule for it (README "gRPC echo"): the
 * status code must equal `response.code`; for code 0 the echo must also name the method
 * called (`/<service>/<method>`), come from `backend.namespace` when set, and from a pod whose
 * name starts with `backend.name` when set. Returns undefined on a match, else the difference.
 */
export interface GrpcExpectation {
  seq: number;
  mode: string;
  name: string | null;
  target: { gateway?: { namespace: string; name: string }; port: number | null; scheme: string };
  request: { service: string; method: string; authority?: string; metadata?: Record<string, string> };
  backend?: { name: string | null; namespace: string | null };
  response: { code: number };
}

export function checkGrpcResult(exp: GrpcExpectation, res: GrpcCallResult): string | undefined {
  if (res.code !== exp.response.code) return `gRPC status ${res.code}${res.message ? ` (${res.message})` : ''}, want ${exp.response.code}`;
  if (res.code !== 0) return undefined;
  const assertions = res.response?.assertions;
  if (!assertions) return 'gRPC answer without assertions';
  const method = `/${exp.request.service}/${exp.request.method}`;
  if (assertions.fullyQualifiedMethod !== method) return `backend saw method ${assertions.fullyQualifiedMethod}, want ${method}`;
  const context = assertions.context;
  if (exp.backend?.namespace && context?.namespace !== exp.backend.namespace) return `answered from namespace ${String(context?.namespace)}, want ${exp.backend.namespace}`;
  if (exp.backend?.name && !(context?.pod ?? '').startsWith(exp.backend.name)) return `answered by pod ${String(context?.pod)}, want ${exp.backend.name}-*`;
  return undefined;
}
