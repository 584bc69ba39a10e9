import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTPParser, type HttpParser, STRICT } from '@/server/proxy/http1/llhttp';
import { SocketReads } from '@/server/proxy/http1/socket-reads';

interface Accepted {
  server: Socket;
  client: Socket;
  parser: HttpParser;
  /** Body bytes the parser delivered. */
  body: () => number;
  heads: string[];
  executed: (number | Error)[];
  dataEvents: () => number;
}

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A real TCP connection on 127.0.0.1 whose accepted end has a REQUEST parser with recording callbacks. */
async function accepted(): Promise<Accepted> {
  let serverSocket: Socket | undefined;
  const server = createServer((socket) => (serverSocket = socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  sockets.push(client);
  await new Promise((resolve) => client.once('connect', resolve));
  while (serverSocket === undefined) await new Promise((r) => setTimeout(r, 2));
  sockets.push(serverSocket);
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 8192, STRICT);
  let body = 0;
  let dataEvents = 0;
  const heads: string[] = [];
  parser[HTTPParser.kOnHeadersComplete] = (_major: number, _minor: number, _headers: string[], _method: number, url: string) => void heads.push(url);
  parser[HTTPParser.kOnBody] = (chunk: Buffer) => void (body += chunk.length);
  serverSocket.on('data', () => dataEvents++);
  return { server: serverSocket, client, parser, body: () => body, heads, executed: [], dataEvents: () => dataEvents };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('SocketReads', () => {
  it('lets the parser read a TCP socket itself: no data event, and onExecute hears each read', async () => {
    const c = await accepted();
    const reads = new SocketReads(c.server, c.parser, (ret) => void c.executed.push(ret));
    expect(reads.consumed).toBe(true);
    const request = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
    c.client.write(request);
    await until(() => c.heads.length === 1, 'the request head');
    expect(c.heads).toEqual(['/a']);
    expect(c.executed).toEqual([request.length]);
    c.client.write('GET / HTTP/1.1\r\nbad header\r\n\r\n');
    await until(() => c.executed.length === 2, 'the second read');
    expect((c.executed[1] as { code?: string }).code).toBe('HPE_INVALID_HEADER_TOKEN');
    expect(c.dataEvents()).toBe(0);
  });

  it('stops reading while paused (the peer backs up) and delivers every byte after resume', async () => {
    const c = await accepted();
    const reads = new SocketReads(c.server, c.parser, () => {});
    const total = 16 * 1024 * 1024;
    c.client.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`);
    await until(() => c.heads.length === 1, 'the request head');
    reads.pause();
    expect(reads.paused).toBe(true);
    // More than the kernel buffers hold: the rest stays in the client's stream until the server reads again.
    c.client.write(Buffer.alloc(total, 0x61));
    await new Promise((r) => setTimeout(r, 150));
    const whilePaused = c.body();
    expect(whilePaused).toBeLessThan(total);
    await new Promise((r) => setTimeout(r, 50));
    expect(c.body()).toBe(whilePaused);
    expect(c.client.writableLength).toBeGreaterThan(0);
    reads.resume();
    await until(() => c.body() === total, 'the whole body');
  });

  it('reads a socket another parser already consumes through its stream, pausing the stream', async () => {
    const c = await accepted();
    const first = new SocketReads(c.server, c.parser, () => {});
    const second = new SocketReads(c.server, new HTTPParser(), () => {});
    expect([first.consumed, second.consumed]).toEqual([true, false]);
    second.pause();
    expect(c.server.isPaused()).toBe(true);
    second.resume();
    expect(c.server.isPaused()).toBe(false);
  });

  it('gives the bytes back to the socket stream on release, also when reads were paused', async () => {
    const c = await accepted();
    const reads = new SocketReads(c.server, c.parser, () => {});
    c.client.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => c.heads.length === 1, 'the request head');
    reads.pause();
    reads.release();
    const seen: string[] = [];
    c.server.on('data', (d: Buffer) => seen.push(d.toString('latin1')));
    c.client.write('tunnel bytes');
    await until(() => seen.length === 1, 'the bytes as data');
    expect(seen).toEqual(['tunnel bytes']);
    expect(c.heads).toHaveLength(1);
  });
});
