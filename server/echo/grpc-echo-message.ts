import { ProtoWriter, readLengthDelimitedFields, utf8 } from '@/server/echo/protobuf-wire';

/**
 * `gateway_api_conformance.echo_basic.grpcecho` messages, with the upstream field numbers
 * (conformance/echo-basic/grpcecho.proto): EchoResponse{assertions=1, request=2},
 * Assertions{fully_qualified_method=1, headers=2, authority=3, context=4, tls_assertions=5},
 * Header{key=1, value=2}, Context{namespace=1, ingress=2, service_name=3, pod=4},
 * TLSAssertions{version=1, negotiated_protocol=2, server_name=3, cipher_suite=4, peer_certificates=5}.
 * EchoRequest is empty.
 */
export const GRPC_ECHO_SERVICE = 'gateway_api_conformance.echo_basic.grpcecho.GrpcEcho';

export interface EchoHeader {
  key: string;
  value: string;
}

export interface EchoContext {
  namespace: string;
  ingress: string;
  serviceName: string;
  pod: string;
}

export interface EchoTlsAssertions {
  version: string;
  negotiatedProtocol: string;
  serverName: string;
  cipherSuite: string;
  peerCertificates: string[];
}

export interface EchoAssertions {
  fullyQualifiedMethod: string;
  headers: EchoHeader[];
  authority: string;
  context?: EchoContext;
  tlsAssertions?: EchoTlsAssertions;
}

export interface EchoResponse {
  assertions?: EchoAssertions;
}

export function encodeEchoResponse(response: EchoResponse): Buffer {
  const a = response.assertions;
  return new ProtoWriter().message(1, a === undefined ? undefined : encodeAssertions(a)).finish();
}

function encodeAssertions(a: EchoAssertions): Buffer {
  const w = new ProtoWriter().string(1, a.fullyQualifiedMethod);
  for (const h of a.headers) w.message(2, new ProtoWriter().string(1, h.key).string(2, h.value).finish());
  w.string(3, a.authority);
  if (a.context) w.message(4, new ProtoWriter().string(1, a.context.namespace).string(2, a.context.ingress).string(3, a.context.serviceName).string(4, a.context.pod).finish());
  if (a.tlsAssertions) {
    const t = a.tlsAssertions;
    const tw = new ProtoWriter().string(1, t.version).string(2, t.negotiatedProtocol).string(3, t.serverName).string(4, t.cipherSuite);
    for (const cert of t.peerCertificates) tw.string(5, cert);
    w.message(5, tw.finish());
  }
  return w.finish();
}

/** Decodes an EchoResponse; unknown fields are skipped. Throws ProtoDecodeError on malformed input. */
export function decodeEchoResponse(buf: Uint8Array): EchoResponse {
  const out: EchoResponse = {};
  readLengthDelimitedFields(buf, (field, body) => {
    if (field === 1) out.assertions = decodeAssertions(body);
  });
  return out;
}

function decodeAssertions(buf: Uint8Array): EchoAssertions {
  const a: EchoAssertions = { fullyQualifiedMethod: '', headers: [], authority: '' };
  readLengthDelimitedFields(buf, (field, body) => {
    if (field === 1) a.fullyQualifiedMethod = utf8(body);
    else if (field === 2) {
      const h: EchoHeader = { key: '', value: '' };
      readLengthDelimitedFields(body, (f, b) => (f === 1 ? (h.key = utf8(b)) : f === 2 ? (h.value = utf8(b)) : undefined));
      a.headers.push(h);
    } else if (field === 3) a.authority = utf8(body);
    else if (field === 4) {
      const c: EchoContext = { namespace: '', ingress: '', serviceName: '', pod: '' };
      const keys = [undefined, 'namespace', 'ingress', 'serviceName', 'pod'] as const;
      readLengthDelimitedFields(body, (f, b) => {
        const key = keys[f];
        if (key !== undefined) c[key] = utf8(b);
      });
      a.context = c;
    } else if (field === 5) {
      const t: EchoTlsAssertions = { version: '', negotiatedProtocol: '', serverName: '', cipherSuite: '', peerCertificates: [] };
      const keys = [undefined, 'version', 'negotiatedProtocol', 'serverName', 'cipherSuite'] as const;
      readLengthDelimitedFields(body, (f, b) => {
        if (f === 5) t.peerCertificates.push(utf8(b));
        const key = keys[f];
        if (key !== undefined) t[key] = utf8(b);
      });
      a.tlsAssertions = t;
    }
  });
  return a;
}
