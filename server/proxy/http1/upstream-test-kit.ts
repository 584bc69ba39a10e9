import { once } from 'node:events';
import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { responseHeaders } from '@/server/proxy/http1/upstream-connection';
import { type RawHeaders, type ResponseHeaders, type UpstreamController, type UpstreamHandler, type UpstreamRequest } from '@/server/proxy/http1/upstream-exchange';
import { type UpstreamPool } from '@/server/proxy/http1/upstream-pool';

/** Test helpers for the upstream client's tests: real servers on 127.0.0.1 and a handler that records every call. */

export interface Outcome {
  readonly status: number | undefined;
  readonly headers: ResponseHeaders | undefined;
  readonly body: string;
  readonly trailers: ResponseHeaders | undefined;
  readonly error: (Error & { code?: string; cause?: unknown }) | undefined;
  /** Every handler call in order: start, response, data, end, error. */
  readonly calls: readonly string[];
}

export class RecordingHandler implements UpstreamHandler {
  controller: UpstreamController | undefined;
  readonly calls: string[] = [];
  readonly chunks: Buffer[] = [];
  status: number | undefined;
  headers: ResponseHeaders | undefined;
  trailers: ResponseHeaders | undefined;
  error: Outcome['error'];
  /** Called for every body chunk after it is recorded (tests pause, abort...). */
  onChunk: ((chunk: Buffer) => void) | undefined;
  readonly settled: Promise<Outcome>;
  private settle!: (outcome: Outcome) => void;

  constructor() {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  onRequestStart(controller: UpstreamController): void {
    this.controller = controller;
    this.calls.push('start');
  }
  onResponseStart(_c: UpstreamController, statusCode: number, headers: RawHeaders): void {
    this.calls.push('response');
    this.status = statusCode;
    this.headers = responseHeaders(headers);
  }
  onResponseData(_c: UpstreamController, chunk: Buffer): void {
    if (this.calls.at(-1) !== 'data') this.calls.push('data');
    this.chunks.push(Buffer.from(chunk));
    this.onChunk?.(chunk);
  }
  onResponseEnd(_c: UpstreamController, trailers: ResponseHeaders): void {
    this.calls.push('end');
    this.trailers = trailers;
    this.settle(this.outcome());
  }
  onResponseError(_c: UpstreamController, err: Error): void {
    this.calls.push('error');
    this.error = err;
    this.settle(this.outcome());
  }

  get received(): number {
    let n = 0;
    for (const chunk of this.chunks) n += chunk.length;
    return n;
  }

  outcome(): Outcome {
    const { status, headers, trailers, error, calls } = this;
    return { status, headers, trailers, error, calls, body: Buffer.concat(this.chunks).toString('latin1') };
  }
}

export function send(pool: UpstreamPool, request: Partial<UpstreamRequest> = {}, handler = new RecordingHandler()): Promise<Outcome> {
  pool.dispatch({ method: 'GET', path: '/', headers: { host: 'upstream.test' }, body: null, headersTimeout: 5_000, ...request }, handler);
  return handler.settled;
}

export interface TestServer {
  readonly port: number;
  /** Sockets the server accepted, in order. */
  readonly sockets: Socket[];
  close(): Promise<void>;
}

/** A node:http server that counts its connections. */
export async function httpServer(listener: RequestListener): Promise<TestServer & { readonly server: HttpServer }> {
  const server = createHttpServer(listener);
  return listenOn(server, server);
}

/** A raw TCP server for upstreams that misbehave in ways node:http will not. */
export async function rawServer(onSocket: (socket: Socket) => void): Promise<TestServer & { readonly server: NetServer }> {
  const server = createNetServer((socket) => {
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  return listenOn(server, server);
}

async function listenOn<T extends NetServer>(server: T, net: NetServer): Promise<TestServer & { readonly server: T }> {
  const sockets: Socket[] = [];
  net.on('connection', (socket: Socket) => sockets.push(socket));
  net.listen(0, '127.0.0.1');
  await once(net, 'listening');
  return {
    server,
    port: (net.address() as AddressInfo).port,
    sockets,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => net.close(() => resolve()));
    },
  };
}

/** Reads one request head (up to the blank line) from a raw socket. */
export function readHead(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      resolve(text.slice(0, end + 4));
    };
    socket.on('data', onData);
  });
}

/** Polls `check` until it holds (eventual consistency; generous, never a speed assertion). */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
