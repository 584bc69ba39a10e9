import { describe, expect, it } from 'vitest';
import type { GrpcCallResult } from '@/server/echo/grpc-echo-client';
import { checkGrpcResult, type GrpcExpectation } from './grpc-expectation';

const SERVICE = 'gateway_api_conformance.echo_basic.grpcecho.GrpcEcho';
const exp = (code: number, backend: GrpcExpectation['backend'] = { name: 'grpc-infra-backend-v1', namespace: 'gateway-conformance-infra' }): GrpcExpectation => ({
  seq: 1,
  mode: 'eventuallyConsistent',
  name: null,
  target: { port: 80, scheme: 'grpc (h2c)' },
  request: { service: SERVICE, method: 'Echo' },
  backend,
  response: { code },
});
const answer = (code: number, pod = 'grpc-infra-backend-v1-portico-0', method = `/${SERVICE}/Echo`, namespace = 'gateway-conformance-infra'): GrpcCallResult => ({
  code,
  message: '',
  httpStatus: 200,
  headers: {},
  trailers: undefined,
  trailersOnly: code !== 0,
  ...(code === 0 ? { response: { assertions: { fullyQualifiedMethod: method, headers: [], authority: '', context: { namespace, ingress: '', serviceName: '', pod } } } } : {}),
});

describe('checkGrpcResult', () => {
  it('matches the code, and for OK the method, namespace and pod prefix', () => {
    expect(checkGrpcResult(exp(0), answer(0))).toBeUndefined();
    expect(checkGrpcResult(exp(12, { name: null, namespace: null }), answer(12))).toBeUndefined();
    expect(checkGrpcResult(exp(0), answer(12))).toMatch(/gRPC status 12, want 0/);
    expect(checkGrpcResult(exp(12), answer(0))).toMatch(/gRPC status 0, want 12/);
    expect(checkGrpcResult(exp(0), answer(0, 'grpc-infra-backend-v2-portico-0'))).toMatch(/pod/);
    expect(checkGrpcResult(exp(0), answer(0, undefined, `/${SERVICE}/EchoTwo`))).toMatch(/method/);
    expect(checkGrpcResult(exp(0), answer(0, undefined, undefined, 'elsewhere'))).toMatch(/namespace/);
    expect(checkGrpcResult(exp(0, { name: null, namespace: 'gateway-conformance-infra' }), answer(0, 'anything'))).toBeUndefined();
  });
});
