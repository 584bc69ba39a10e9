import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:http2';
import path from 'node:path';
import { WebSocket } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoServer, type RunningEchoServer } from '@/server/echo/echo-server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, options: { path: string; method?: string; headers?: Record<string, string | string[]> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('echo server', () => {
  let echo: RunningEchoServer;
  const lines: string[] = [];
  beforeAll(async () => {
    echo = await startEchoServer({ port: 0, h2cPort: 0, pod: 'infra-backend-v1-abc', namespace: 'gateway-conformance-infra', onEcho: (l) => lines.push(l) });
  });
  afterAll(() => echo.close());

  it('answers with the conformance echo JSON', async () => {
    const reply = await send(echo.port, {
      path: '/some//path?b=2&a=1',
      method: 'POST',
      headers: { Host: 'foo.example.com', 'x-custom': ['one', 'two'], 'X-Echo-Set-Header': '' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const body = JSON.parse(reply.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['headers', 'host', 'httpPort', 'ingress', 'method', 'namespace', 'path', 'pod', 'proto', 'service']);
    expect(body).toMatchObject({
      path: '/some//path?b=2&a=1',
      host: 'foo.example.com',
      method: 'POST',
      proto: 'HTTP/1.1',
      namespace: 'gateway-conformance-infra',
      ingress: '',
      service: '',
      pod: 'infra-backend-v1-abc',
      httpPort: String(echo.port),
    });
    expect((body.headers as Record<string, string[]>)['X-Custom']).toEqual(['one', 'two']);
    expect((body.headers as Record<string, string[]>).Host).toBeUndefined();
    expect(lines.at(-1)).toMatch(/^Echoing back request made to \/some\/\/path\?b=2&a=1 to client \(127\.0\.0\.1:\d+\)$/);
  });

  it('sets the response headers X-Echo-Set-Header asks for', async () => {
    const reply = await send(echo.port, { path: '/', headers: { 'X-Echo-Set-Header': 'X-Header-Set:set,X-Multi:a,X-Multi:b' } });
    expect(reply.headers['x-header-set']).toBe('set');
    expect(reply.headers['x-multi']).toBe('a,b');
  });

  it.each([
    ['/status/418', 418],
    ['/status/503', 503],
    ['/status/42', 400],
    ['/status/abcd', 400],
    ['/health', 200],
    ['/?delay=10ms', 200],
    ['/?delay=soon', 400],
  ])('%s -> %d', async (target, status) => {
    const reply = await send(echo.port, { path: target });
    expect(reply.status).toBe(status);
    if (target.startsWith('/status/') && status !== 400) expect(reply.body).toBe('');
  });

  it('fails the first succeedAfter retries of one uuid with the response code, then echoes', async () => {
    const target = '/retry/x?uuid=u-1&succeedAfter=2&responseCode=503';
    expect((await send(echo.port, { path: target })).status).toBe(503);
    expect((await send(echo.port, { path: target })).status).toBe(503);
    const third = await send(echo.port, { path: target });
    expect(third.status).toBe(200);
    expect(JSON.parse(third.body)).toMatchObject({ path: target });
  });

  it('echoes WebSocket frames on /ws, text and binary, small and large', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${echo.port}/ws`);
    ws.binaryType = 'arraybuffer';
    const received: unknown[] = [];
    const messages: Array<(data: unknown) => void> = [];
    ws.addEventListener('message', (e) => {
      const next = messages.shift();
      if (next) next(e.data);
      else received.push(e.data);
    });
    const nextMessage = () => new Promise<unknown>((resolve) => (received.length > 0 ? resolve(received.shift()) : messages.push(resolve)));
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve());
      ws.addEventListener('error', () => reject(new Error('websocket failed')));
    });
    ws.send('hello');
    expect(await nextMessage()).toBe('hello');
    const big = 'x'.repeat(70_000);
    ws.send(big);
    expect(await nextMessage()).toBe(big);
    ws.send(new Uint8Array([1, 2, 3, 250]));
    expect([...new Uint8Array((await nextMessage()) as ArrayBuffer)]).toEqual([1, 2, 3, 250]);
    const closed = new Promise<number>((resolve) => ws.addEventListener('close', (e) => resolve(e.code)));
    ws.close(1000);
    expect(await closed).toBe(1000);
  });

  it('refuses upgrades other than the WebSocket echo on /ws', async () => {
    const reply = await send(echo.port, { path: '/other', headers: { Connection: 'Upgrade', Upgrade: 'websocket' } }).catch((err: Error) => err);
    expect(reply instanceof Error ? reply.message : String(reply.status)).toMatch(/400|socket hang up|ECONNRESET/);
  });

  it('answers HTTP/2 with prior knowledge on the h2c port with the echo JSON', async () => {
    const session = connect(echo.h2cUrl ?? '');
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const stream = session.request({ ':path': '/h2?x=1', ':method': 'GET', ':authority': 'grpc.example.com', 'x-h2': 'yes' });
        let status = 0;
        let body = '';
        stream.on('response', (headers) => (status = Number(headers[':status'])));
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (body += chunk));
        stream.on('end', () => resolve({ status, body }));
        stream.on('error', reject);
        stream.end();
      });
      expect(status).toBe(200);
      const echoed = JSON.parse(body) as { headers: Record<string, string[]> } & Record<string, unknown>;
      expect(echoed).toMatchObject({ path: '/h2?x=1', host: 'grpc.example.com', method: 'GET', proto: 'HTTP/2.0', pod: 'infra-backend-v1-abc' });
      expect(echoed.headers['X-H2']).toEqual(['yes']);
      expect(Object.keys(echoed.headers).some((k) => k.startsWith(':'))).toBe(false);
    } finally {
      session.close();
    }
  });

  it('answers HTTP/1.1 on the h2c port with 400 "Expected h2c request"', async () => {
    const reply = await send(echo.h2cPort ?? 0, { path: '/' });
    expect(reply.status).toBe(400);
    expect(reply.body).toBe('Expected h2c request');
  });

  it('resets the connection for a retry without a response code', async () => {
    const target = '/retry?uuid=u-2&succeedAfter=1';
    await expect(send(echo.port, { path: target })).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect((await send(echo.port, { path: target })).status).toBe(200);
  });
});

describe('portico echo (CLI)', () => {
  it('serves the echo JSON with the name and namespace given', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'bin/portico.mjs'), 'echo', '--port', '0', '--name', 'cli-pod', '--namespace', 'ns-1'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString();
          const m = /listening on (http:\/\/\S+)/.exec(err);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`echo exited with ${code}: ${err}`)));
      });
      const body = (await (await fetch(`${url}/x`)).json()) as Record<string, unknown>;
      expect(body).toMatchObject({ path: '/x', pod: 'cli-pod', namespace: 'ns-1', method: 'GET' });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
