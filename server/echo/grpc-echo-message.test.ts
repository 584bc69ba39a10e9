import { describe, expect, it } from 'vitest';
import { decodeEchoResponse, encodeEchoResponse, type EchoResponse } from '@/server/echo/grpc-echo-message';
import { frameGrpcMessage, readGrpcFrames } from '@/server/echo/grpc-frame';
import { ProtoDecodeError } from '@/server/echo/protobuf-wire';

describe('EchoResponse protobuf codec', () => {
  it('encodes with the upstream field numbers (checked byte for byte)', () => {
    const bytes = encodeEchoResponse({ assertions: { fullyQualifiedMethod: '/s/M', headers: [{ key: 'k', value: 'v' }], authority: 'a', context: { namespace: 'ns', ingress: '', serviceName: '', pod: 'p' } } });
    // EchoResponse.assertions (1, LEN) { method (1) "/s/M", headers (2) {key (1) "k", value (2) "v"}, authority (3) "a", context (4) {namespace (1) "ns", pod (4) "p"} }
    const expected = Buffer.from([0x0a, 26, 0x0a, 4, ...Buffer.from('/s/M'), 0x12, 6, 0x0a, 1, 0x6b, 0x12, 1, 0x76, 0x1a, 1, 0x61, 0x22, 7, 0x0a, 2, 0x6e, 0x73, 0x22, 1, 0x70]);
    expect(bytes.toString('hex')).toBe(expected.toString('hex'));
  });

  it('round-trips every field, including TLS assertions and repeated values', () => {
    const response: EchoResponse = {
      assertions: {
        fullyQualifiedMethod: '/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/Echo',
        headers: [
          { key: ':authority', value: 'example.com' },
          { key: 'x-multi', value: 'one' },
          { key: 'x-multi', value: 'two' },
        ],
        authority: 'example.com',
        context: { namespace: 'gateway-conformance-infra', ingress: 'i', serviceName: 'svc', pod: 'grpc-infra-backend-v1-abc-def' },
        tlsAssertions: { version: 'TLSv1.3', negotiatedProtocol: 'h2', serverName: 'sni', cipherSuite: 'TLS_AES_128_GCM_SHA256', peerCertificates: ['A', 'B'] },
      },
    };
    expect(decodeEchoResponse(encodeEchoResponse(response))).toEqual(response);
  });

  it('skips unknown fields of any wire type and rejects truncated input', () => {
    const known = encodeEchoResponse({ assertions: { fullyQualifiedMethod: '/s/M', headers: [], authority: '' } });
    const withUnknown = Buffer.concat([Buffer.from([0x18, 0x96, 0x01]), Buffer.from([0x21, 1, 2, 3, 4, 5, 6, 7, 8]), known, Buffer.from([0x7a, 0])]);
    expect(decodeEchoResponse(withUnknown).assertions?.fullyQualifiedMethod).toBe('/s/M');
    expect(() => decodeEchoResponse(known.subarray(0, known.length - 1))).toThrow(ProtoDecodeError);
  });
});

describe('gRPC length-prefixed framing', () => {
  it('frames and splits messages, keeping an incomplete tail', () => {
    const body = Buffer.concat([frameGrpcMessage(Buffer.from('ab')), frameGrpcMessage(Buffer.alloc(0)), frameGrpcMessage(Buffer.from('xyz')).subarray(0, 6)]);
    const frames = readGrpcFrames(body);
    expect(frames.messages.map((m) => m.toString())).toEqual(['ab', '']);
    expect(frames.rest.length).toBe(6);
    expect(frames.compressed).toBe(false);
    expect(frameGrpcMessage(Buffer.from('ab')).toString('hex')).toBe('00000000026162');
  });
});
