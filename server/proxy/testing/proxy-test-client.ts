import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo, connect } from 'node:net';
import { type SnapshotAck } from '@/lib/ir/protocol';
import type { SnapshotFeed } from '@/server/proxy/snapshot-feed';

/** Test-only helpers: a feed driven by the test, an HTTP client, free ports, raw requests. */

export class ManualFeed implements SnapshotFeed {
  private applyFn: ((raw: unknown) => SnapshotAck | Promise<SnapshotAck>) | undefined;
  stopped = false;
  start(apply: (raw: unknown) => SnapshotAck | Promise<SnapshotAck>): void {
    this.applyFn = apply;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  async push(raw: unknown): Promise<SnapshotAck> {
    if (!this.applyFn) throw new Error('feed not started');
    return this.applyFn(raw);
  }
}

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function sendRequest(options: {
  port: number;
  /** Where to connect; default 127.0.0.1. */
  address?: string;
  path?: string;
  method?: string;
  host?: string;
  headers?: OutgoingHttpHeaders;
  body?: string;
  tls?: { servername: string; ca: string };
}): Promise<TestResponse> {
  const headers: OutgoingHttpHeaders = { host: options.host ?? 'example.com', ...options.headers };
  const common = { host: options.address ?? '127.0.0.1', port: options.port, path: options.path ?? '/', method: options.method ?? 'GET', headers, agent: false as const, setHost: false };
  return new Promise((resolve, reject) => {
    const req = options.tls ? httpsRequest({ ...common, servername: options.tls.servername, ca: options.tls.ca }) : httpRequest(common);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Sends raw bytes and returns the first response's status line (for requests node:http would
 * not send); with `closeAfterMs`, hangs up after that long instead (a client that goes away).
 */
export function sendRaw(port: number, raw: string, options: { closeAfterMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(raw);
      if (options.closeAfterMs !== undefined) setTimeout(() => socket.destroy(), options.closeAfterMs);
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n')) {
        resolve(data.slice(0, data.indexOf('\r\n')));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
  });
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A free port P such that P + each of `above` is free too (at the time of the call): for a proxy
 * whose port offset maps several Gateway ports (80 and 443 are 363 apart). A port another process
 * holds would leave that listener unbound, and its test failing with ECONNREFUSED.
 */
export async function freePortWith(above: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort();
    if (await allFree(above.map((gap) => base + gap))) return base;
  }
  throw new Error(`no free port with free ports ${above.join(', ')} above it`);
}

/** Whether every one of `ports` can be bound on 127.0.0.1 now (each is released again). */
async function allFree(ports: readonly number[]): Promise<boolean> {
  const held: ReturnType<typeof createServer>[] = [];
  try {
    for (const port of ports) {
      if (port > 65_535) return false;
      const server = createServer();
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (!bound) return false;
      held.push(server);
    }
    return true;
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/**
 * Opens a raw connection, sends `head`, and once the response head has arrived sends `then`
 * (if any); resolves with everything received before `untilText` appears (or the socket closes).
 */
export function rawExchange(port: number, head: string, then: string | undefined, untilText: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let data = '';
    let sent = false;
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (!sent && then !== undefined && data.includes('\r\n\r\n')) {
        sent = true;
        socket.write(then);
      }
      if (data.includes(untilText)) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
  });
}
