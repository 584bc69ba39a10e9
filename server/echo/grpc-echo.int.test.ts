import { spawn } from 'node:child_process';
import { connect, constants as h2 } from 'node:http2';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callGrpcEcho } from '@/server/echo/grpc-echo-client';
import { GRPC_ECHO_SERVICE } from '@/server/echo/grpc-echo-message';
import { type RunningGrpcEchoServer, startGrpcEchoServer } from '@/server/echo/grpc-echo';

describe('gRPC echo server', () => {
  let echo: RunningGrpcEchoServer;
  const lines: string[] = [];
  beforeAll(async () => {
    echo = await startGrpcEchoServer({ port: 0, pod: 'grpc-infra-backend-v1-abc-def', namespace: 'gateway-conformance-infra', onEcho: (l) => lines.push(l) });
  });
  afterAll(() => echo?.close());

  const call = (method: string, service = GRPC_ECHO_SERVICE) => callGrpcEcho({ address: '127.0.0.1', port: echo.port, authority: 'echo.example', service, method, metadata: { 'X-Version': 'two' }, timeoutMs: 5000 });

  it('answers Echo and EchoTwo with the call as the upstream EchoResponse', async () => {
    for (const method of ['Echo', 'EchoTwo']) {
      const res = await call(method);
      expect(res.code).toBe(0);
      expect(res.trailers?.['grpc-status']).toBe('0');
      expect(res.response?.assertions).toMatchObject({
        fullyQualifiedMethod: `/${GRPC_ECHO_SERVICE}/${method}`,
        authority: 'echo.example',
        context: { namespace: 'gateway-conformance-infra', pod: 'grpc-infra-backend-v1-abc-def', ingress: '', serviceName: '' },
      });
      const headers = res.response?.assertions?.headers ?? [];
      expect(headers).toContainEqual({ key: 'x-version', value: 'two' });
      expect(headers).toContainEqual({ key: ':authority', value: 'echo.example' });
      expect(headers.some((h) => h.key === ':path' || h.key === 'content-type')).toBe(false);
    }
    expect(lines.length).toBe(2);
  });

  it('is UNIMPLEMENTED for EchoThree and unknown services, trailers-only', async () => {
    expect(await call('EchoThree')).toMatchObject({ code: 12, trailersOnly: true, httpStatus: 200 });
    expect(await call('Echo', 'other.Service')).toMatchObject({ code: 12, trailersOnly: true });
  });

  it('refuses requests that are not gRPC', async () => {
    const session = connect(`http://127.0.0.1:${echo.port}`);
    const status = await new Promise<number>((resolve, reject) => {
      const stream = session.request({ [h2.HTTP2_HEADER_METHOD]: 'POST', [h2.HTTP2_HEADER_PATH]: `/${GRPC_ECHO_SERVICE}/Echo`, 'content-type': 'application/json' });
      stream.on('response', (h) => resolve(Number(h[h2.HTTP2_HEADER_STATUS])));
      stream.on('error', reject);
      stream.end('{}');
    });
    session.close();
    expect(status).toBe(415);
  });
});

describe('portico echo --grpc (CLI)', () => {
  it('serves the gRPC echo with the name and namespace given', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'bin/portico.mjs'), 'echo', '--grpc', '--port', '0', '--name', 'cli-pod', '--namespace', 'ns-1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
          if (m?.[1]) resolve(Number(m[1]));
        });
        child.once('exit', (code) => reject(new Error(`echo exited with ${code}: ${err}`)));
      });
      const res = await callGrpcEcho({ address: '127.0.0.1', port, service: GRPC_ECHO_SERVICE, method: 'Echo', timeoutMs: 5000 });
      expect(res.code).toBe(0);
      expect(res.response?.assertions?.context).toMatchObject({ pod: 'cli-pod', namespace: 'ns-1' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
