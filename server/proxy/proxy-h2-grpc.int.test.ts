import { connect, constants as h2, createServer as createH2Server, type Http2Server, type IncomingHttpHeaders } from 'node:http2';
import { type AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callGrpcEcho } from '@/server/echo/grpc-echo-client';
import { GRPC_ECHO_SERVICE } from '@/server/echo/grpc-echo-message';
import { type RunningGrpcEchoServer, startGrpcEchoServer } from '@/server/echo/grpc-echo';
import { type RunningEchoServer, startEchoServer } from '@/server/echo/echo-server';
import { generateServingCertificate } from '@/server/tls/serving-certificate';
import { type EchoBackend, type EchoReply, startEchoBackend } from '@/server/proxy/testing/echo-backend';
import { buildTestSnapshot, h2cBackend, serviceBackend, testCertificate } from '@/server/proxy/testing/proxy-test-snapshot';
import { freePort, freePortWith, ManualFeed, sendRequest } from '@/server/proxy/testing/proxy-test-client';
import { type RunningProxy, startProxy } from '@/server/proxy/start-proxy';

/** One HTTP/2 request (h2c prior knowledge, or TLS with ALPN h2): status, headers, body. */
function h2Request(url: string, path: string, authority: string, options: { ca?: string; servername?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string; alpn: string | undefined }> {
  return new Promise((resolve, reject) => {
    const session = connect(url, options.ca ? { ca: options.ca, servername: options.servername, ALPNProtocols: ['h2'] } : {});
    session.on('error', reject);
    const stream = session.request({ [h2.HTTP2_HEADER_PATH]: path, [h2.HTTP2_HEADER_AUTHORITY]: authority });
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    let body = '';
    stream.on('response', (h) => {
      headers = h;
      status = Number(h[h2.HTTP2_HEADER_STATUS]);
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const alpn = session.alpnProtocol;
      session.close();
      resolve({ status, headers, body, alpn });
    });
    stream.end();
  });
}

const grpcCall = (port: number, method: string, extra: { authority?: string; metadata?: Record<string, string> } = {}) =>
  callGrpcEcho({ address: '127.0.0.1', port, service: GRPC_ECHO_SERVICE, method, authority: extra.authority ?? 'grpc.example.com', metadata: extra.metadata, timeoutMs: 5000 });

describe('proxy HTTP/2 and gRPC', () => {
  let proxy: RunningProxy;
  let plain: EchoBackend;
  let grpcV1: RunningGrpcEchoServer;
  let grpcV2: RunningGrpcEchoServer;
  let h2cEcho: RunningEchoServer;
  let deadPort: number;
  let port: number; // gateway port 80
  let tlsPort: number; // gateway port 443
  let cert: { certPem: string; keyPem: string };
  /** h2c upstream: `/hang` never answers, `/reset` resets the stream, `/slow` answers after 300 ms. */
  let odd: Http2Server;
  let snapshot: ReturnType<typeof buildTestSnapshot>;

  beforeAll(async () => {
    [plain, grpcV1, grpcV2, h2cEcho, cert] = await Promise.all([
      startEchoBackend('plain'),
      startGrpcEchoServer({ port: 0, pod: 'grpc-v1-pod-0', namespace: 'test' }),
      startGrpcEchoServer({ port: 0, pod: 'grpc-v2-pod-0', namespace: 'test' }),
      startEchoServer({ port: 0, h2cPort: 0, pod: 'h2c-echo-0', namespace: 'test' }),
      generateServingCertificate(['secure.example.com']),
    ]);
    odd = createH2Server();
    odd.on('stream', (stream, headers) => {
      stream.on('error', () => {}); // its own reset, and the proxy's cancels
      const p = String(headers[':path']);
      if (p.endsWith('/reset')) stream.close(h2.NGHTTP2_INTERNAL_ERROR);
      else if (p.endsWith('/slow')) setTimeout(() => !stream.destroyed && stream.respond({ ':status': 200 }, { endStream: true }), 300);
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    const oddPort = (odd.address() as AddressInfo).port;
    deadPort = await freePort();
    // One offset for both gateway ports: 443 lands 363 above 80.
    port = await freePortWith([443 - 80]);
    proxy = await startProxy({ feed: new ManualFeed(), portOffset: port - 80, adminPort: 0, logger: pino({ level: 'silent' }), proxyId: 'test' });
    tlsPort = port - 80 + 443;
    const material = testCertificate('secure', cert.certPem, cert.keyPem);
    const grpcService = (method: string) => ({ method: { type: 'Exact' as const, service: GRPC_ECHO_SERVICE, method }, headers: [] });
    snapshot = buildTestSnapshot(
        [
          {
            name: 'http',
            port: 80,
            routes: [
              { name: 'echo-one', hostnames: ['grpc.example.com'], grpcMatches: [grpcService('Echo')], backends: [h2cBackend('grpc-v1', [{ address: '127.0.0.1', port: grpcV1.port }])], filters: [{ type: 'RequestHeaderModifier', set: [{ name: 'x-added', value: 'by-proxy' }], add: [], remove: [] }, { type: 'ResponseHeaderModifier', set: [{ name: 'x-resp', value: 'yes' }], add: [], remove: [] }] },
              { name: 'echo-two', hostnames: ['grpc.example.com'], grpcMatches: [grpcService('EchoTwo'), grpcService('EchoThree')], backends: [h2cBackend('grpc-v2', [{ address: '127.0.0.1', port: grpcV2.port }])] },
              { name: 'dead', hostnames: ['dead.example.com'], grpcMatches: [{ headers: [] }], backends: [h2cBackend('dead', [{ address: '127.0.0.1', port: deadPort }])] },
              { name: 'no-endpoints', hostnames: ['empty.example.com'], grpcMatches: [{ headers: [] }], backends: [h2cBackend('empty', [])] },
              { name: 'h2c-http', hostnames: ['h2c.example.com'], backends: [h2cBackend('h2c-echo', [{ address: '127.0.0.1', port: h2cEcho.h2cPort! }])] },
              { name: 'plain', hostnames: ['plain.example.com'], backends: [serviceBackend('plain', [plain.endpoint])] },
              { name: 'odd', hostnames: ['odd.example.com'], timeouts: { backendRequestMs: 150 }, backends: [h2cBackend('odd', [{ address: '127.0.0.1', port: oddPort }])] },
              { name: 'slow', hostnames: ['slow.example.com'], backends: [h2cBackend('odd', [{ address: '127.0.0.1', port: oddPort }])] },
            ],
          },
          { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'secure.example.com', certificateIds: [material.id], routes: [{ name: 'secure', backends: [serviceBackend('plain', [plain.endpoint])] }] },
        ],
        [material],
      );
    const ack = await proxy.apply(snapshot);
    expect(ack.accepted).toBe(true);
    expect(ack.listeners?.map((l) => l.bound)).toEqual([true, true]);
  });

  afterAll(async () => {
    await proxy?.stop();
    await Promise.all([plain?.stop(), grpcV1?.close(), grpcV2?.close(), h2cEcho?.close(), new Promise((r) => (odd ? odd.close(r) : r(undefined)))]);
  });

  it('serves HTTP/1.1 and h2c prior knowledge on the same listener socket', async () => {
    const viaH1 = await sendRequest({ port, host: 'plain.example.com', path: '/one' });
    expect(viaH1.status).toBe(200);
    expect((JSON.parse(viaH1.body) as EchoReply).path).toBe('/one');
    const viaH2 = await h2Request(`http://127.0.0.1:${port}`, '/two?q=1', 'plain.example.com');
    expect(viaH2.status).toBe(200);
    const reply = JSON.parse(viaH2.body) as EchoReply;
    // Routed by :authority, forwarded to the HTTP/1.1 backend with it as Host and no pseudo-headers.
    expect(reply.path).toBe('/two?q=1');
    expect(reply.headers.host).toBe('plain.example.com');
    expect(reply.headers['x-forwarded-host']).toBe('plain.example.com');
    expect(Object.keys(reply.headers).some((k) => k.startsWith(':'))).toBe(false);
    expect((await h2Request(`http://127.0.0.1:${port}`, '/', 'nobody.example.com')).status).toBe(404);
  });

  it('negotiates h2 by ALPN on HTTPS listeners and still serves HTTP/1.1 there', async () => {
    const res = await h2Request(`https://127.0.0.1:${tlsPort}`, '/tls', 'secure.example.com', { ca: cert.certPem, servername: 'secure.example.com' });
    expect(res.alpn).toBe('h2');
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as EchoReply).headers['x-forwarded-proto']).toBe('https');
    const h1 = await sendRequest({ port: tlsPort, host: 'secure.example.com', tls: { servername: 'secure.example.com', ca: cert.certPem } });
    expect(h1.status).toBe(200);
  });

  it('forwards gRPC to an h2c backend with trailers, metadata and header filters intact', async () => {
    const one = await grpcCall(port, 'Echo', { metadata: { 'x-client': 'abc' } });
    expect(one.code).toBe(0);
    expect(one.trailers?.['grpc-status']).toBe('0');
    expect(one.headers['x-resp']).toBe('yes');
    const assertions = one.response?.assertions;
    expect(assertions?.fullyQualifiedMethod).toBe(`/${GRPC_ECHO_SERVICE}/Echo`);
    expect(assertions?.authority).toBe('grpc.example.com');
    expect(assertions?.context?.pod).toBe('grpc-v1-pod-0');
    const meta = new Map(assertions?.headers.map((h) => [h.key, h.value]));
    expect(meta.get('x-client')).toBe('abc');
    expect(meta.get('x-added')).toBe('by-proxy');
    const two = await grpcCall(port, 'EchoTwo');
    expect(two.code).toBe(0);
    expect(two.response?.assertions?.context?.pod).toBe('grpc-v2-pod-0');
  });

  it('passes a backend trailers-only error through (EchoThree is UNIMPLEMENTED upstream)', async () => {
    const three = await grpcCall(port, 'EchoThree');
    expect(three.code).toBe(12);
    expect(three.trailersOnly).toBe(true);
    expect(three.httpStatus).toBe(200);
  });

  it('answers gRPC requests it cannot route with gRPC statuses, never text', async () => {
    const unrouted = await grpcCall(port, 'Nope');
    expect(unrouted).toMatchObject({ code: 12, httpStatus: 200, trailersOnly: true });
    expect(unrouted.headers['content-type']).toBe('application/grpc');
    expect((await grpcCall(port, 'Echo', { authority: 'unknown.example.com' })).code).toBe(12);
    expect((await grpcCall(port, 'Echo', { authority: 'dead.example.com' })).code).toBe(14);
    expect((await grpcCall(port, 'Echo', { authority: 'empty.example.com' })).code).toBe(14);
  });

  it('speaks HTTP/2 to h2c backends for HTTP/1.1 clients too', async () => {
    const res = await sendRequest({ port, host: 'h2c.example.com', path: '/over-h2c' });
    expect(res.status).toBe(200);
    const echo = JSON.parse(res.body) as { proto: string; path: string; host: string };
    expect(echo.proto).toBe('HTTP/2.0');
    expect(echo.path).toBe('/over-h2c');
    expect(echo.host).toBe('h2c.example.com');
  });

  it('maps an upstream deadline to 504 / DEADLINE_EXCEEDED and a stream reset to 502 / UNAVAILABLE', async () => {
    const call = (method: string) => callGrpcEcho({ address: '127.0.0.1', port, service: 'x.Y', method, authority: 'odd.example.com', timeoutMs: 5000 });
    expect(await call('hang')).toMatchObject({ code: 4, trailersOnly: true });
    expect(await call('reset')).toMatchObject({ code: 14, trailersOnly: true });
    expect((await sendRequest({ port, host: 'odd.example.com', path: '/hang' })).status).toBe(504);
    expect((await sendRequest({ port, host: 'odd.example.com', path: '/reset' })).status).toBe(502);
  });

  it('lets an HTTP/2 stream in flight finish when its listener port is unbound', async () => {
    const inFlight = h2Request(`http://127.0.0.1:${port}`, '/slow', 'slow.example.com');
    await new Promise((r) => setTimeout(r, 50));
    const without80 = buildTestSnapshot([{ ...snapshotListener443() }], snapshot.certificates);
    expect((await proxy.apply(without80)).accepted).toBe(true);
    expect((await inFlight).status).toBe(200);
    await expect(sendRequest({ port, host: 'plain.example.com' })).rejects.toThrow();
    expect((await proxy.apply(snapshot)).accepted).toBe(true);
    expect((await sendRequest({ port, host: 'plain.example.com' })).status).toBe(200);
  });

  function snapshotListener443() {
    const material = snapshot.certificates[0]!;
    return { name: 'https', port: 443, protocol: 'HTTPS' as const, hostname: 'secure.example.com', certificateIds: [material.id], routes: [{ name: 'secure', backends: [serviceBackend('plain', [plain.endpoint])] }] };
  }
});
