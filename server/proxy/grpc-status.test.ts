import { describe, expect, it } from 'vitest';
import { decodeGrpcMessage, encodeGrpcMessage, grpcStatusForHttp, isGrpcContentType } from '@/server/proxy/grpc-status';

describe('grpcStatusForHttp', () => {
  it.each([
    [404, 12], // no route: UNIMPLEMENTED
    [500, 14], // invalid backend: UNAVAILABLE (SEMANTICS 6.4)
    [503, 14], // no endpoints, connection refused
    [502, 14], // reset
    [504, 4], // our deadline: DEADLINE_EXCEEDED
    [421, 14],
    [400, 13],
    [431, 8],
    [418, 2],
  ])('%i -> %i', (http, grpc) => {
    expect(grpcStatusForHttp(http)).toBe(grpc);
  });
});

describe('grpc-message encoding', () => {
  it('leaves printable ASCII alone and percent-encodes the rest', () => {
    expect(encodeGrpcMessage('no route matches this request')).toBe('no route matches this request');
    expect(encodeGrpcMessage('100% sure\nnext')).toBe('100%25 sure%0Anext');
    expect(encodeGrpcMessage('héllo')).toBe('h%C3%A9llo');
  });

  it('round-trips', () => {
    for (const text of ['plain', '50% off', 'línea\r\nzwei', '']) expect(decodeGrpcMessage(encodeGrpcMessage(text))).toBe(text);
  });
});

describe('isGrpcContentType', () => {
  it('accepts application/grpc and its +suffix forms only', () => {
    expect(isGrpcContentType('application/grpc')).toBe(true);
    expect(isGrpcContentType('application/grpc+proto')).toBe(true);
    expect(isGrpcContentType('application/json')).toBe(false);
    expect(isGrpcContentType(undefined)).toBe(false);
  });
});
