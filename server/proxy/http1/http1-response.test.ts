import { type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Http1Response, type ResponseOwner } from '@/server/proxy/http1/http1-response';

/** A socket that records each write it is handed (corked writes too, as they were given). */
class RecordingSocket {
  readonly writes: Buffer[] = [];
  writableCorked = 0;
  write(data: string | Buffer, encoding?: BufferEncoding): boolean {
    this.writes.push(typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : Buffer.from(data));
    return true;
  }
  cork(): void {
    this.writableCorked++;
  }
  uncork(): void {
    this.writableCorked--;
  }
  get text(): string {
    return Buffer.concat(this.writes).toString('latin1');
  }
}

function response(opts: { head?: boolean; keepAlive?: boolean; http10?: boolean } = {}): { res: Http1Response; socket: RecordingSocket; ended: Http1Response[] } {
  const socket = new RecordingSocket();
  const ended: Http1Response[] = [];
  const owner: ResponseOwner = {
    socket: socket as unknown as Socket,
    responseEnded: (res) => ended.push(res),
    destroy: () => {},
    closesAfter: () => false,
  };
  const res = new Http1Response(owner, opts.head ?? false, opts.keepAlive ?? true, opts.http10 ?? false);
  res.activate();
  return { res, socket, ended };
}

const DATE = { date: 'Thu, 01 Jan 2026 00:00:00 GMT' };
const tick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('Http1Response output', () => {
  it('sends the head with the first body bytes in one write, and a small response in one write', () => {
    const { res, socket, ended } = response();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 5, ...DATE });
    expect(socket.writes).toHaveLength(0);
    res.write('hel');
    res.end('lo');
    expect(socket.writes.map((w) => w.toString('latin1'))).toEqual(['HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\nhel', 'lo']);
    expect(ended).toEqual([res]);
  });

  it('frames a chunk with its size line and CRLF in the same write as the head', () => {
    const { res, socket } = response();
    res.writeHead(200, DATE);
    res.write(Buffer.from('abc'));
    res.end();
    expect(socket.writes.map((w) => w.toString('latin1'))).toEqual(['HTTP/1.1 200 OK\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n', '0\r\n\r\n']);
  });

  it('sends a head alone at the end of the tick when no body bytes follow it', async () => {
    const { res, socket } = response();
    res.writeHead(200, { 'content-length': 3, ...DATE });
    await tick();
    expect(socket.text).toBe('HTTP/1.1 200 OK\r\ncontent-length: 3\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n');
    res.end('abc');
    expect(socket.writes.map((w) => w.toString('latin1'))).toHaveLength(2);
    expect(socket.text.endsWith('\r\n\r\nabc')).toBe(true);
  });

  it('keeps a head for a writer that flushes it itself past the tick, until its flush or its body', async () => {
    const { res, socket } = response();
    res.writer = { clientGone: () => {} };
    res.writeHead(200, { 'content-length': 3, ...DATE });
    await tick();
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.writes).toHaveLength(0);
    res.flushHead();
    expect(socket.text).toBe('HTTP/1.1 200 OK\r\ncontent-length: 3\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n');
    res.flushHead();
    res.end('abc');
    expect(socket.writes.map((w) => w.toString('latin1'))).toEqual(['HTTP/1.1 200 OK\r\ncontent-length: 3\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n', 'abc']);

    const second = response();
    second.res.writer = { clientGone: () => {} };
    second.res.writeHead(200, { 'content-length': 2, ...DATE });
    await tick();
    second.res.end('ok');
    expect(second.socket.writes).toHaveLength(1);
  });

  it('writes a large body as it is, after the head, without copying it into one buffer', () => {
    const { res, socket } = response();
    const body = Buffer.alloc(64 * 1024, 0x61);
    res.writeHead(200, { 'content-length': body.length, ...DATE });
    res.end(body);
    expect(socket.writes).toHaveLength(2);
    expect(socket.writes[1]?.equals(body)).toBe(true);
  });

  it('encodes a string body as UTF-8, the length it announces included', () => {
    const { res, socket } = response();
    res.end('é€');
    const bytes = Buffer.concat(socket.writes);
    expect(bytes.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\ncontent-length: 5\r\ndate: [^\r]+\r\n\r\n/);
    expect(bytes.subarray(bytes.length - 5).toString('utf8')).toBe('é€');
  });

  it('keeps a waiting response in order: nothing reaches the socket before its turn', () => {
    const socket = new RecordingSocket();
    const owner: ResponseOwner = { socket: socket as unknown as Socket, responseEnded: () => {}, destroy: () => {}, closesAfter: () => false };
    const res = new Http1Response(owner, false, true, false);
    res.writeHead(200, { 'content-length': 2, ...DATE });
    expect(res.write('ok')).toBe(false);
    res.end();
    expect(socket.writes).toHaveLength(0);
    res.activate();
    expect(socket.text).toBe('HTTP/1.1 200 OK\r\ncontent-length: 2\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\nok');
  });
});

describe('Http1Response.writeUpstreamHead', () => {
  const hopByHop = ['Connection', 'keep-alive', 'Keep-Alive', 'timeout=5', 'TE', 'trailers', 'Trailer', 'x', 'Upgrade', 'h2c', 'Proxy-Connection', 'x', 'Proxy-Authenticate', 'x', 'Proxy-Authorization', 'x', 'HTTP2-Settings', 'x'];

  it('copies the end-to-end lines in order and spelling, drops hop-by-hop ones and keeps a single Content-Length', () => {
    const { res, socket } = response();
    const raw = ['Content-Type', 'text/plain', ...hopByHop, 'Content-Length', '4', 'Date', 'Wed, 31 Dec 2025 00:00:00 GMT', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2'];
    expect(res.writeUpstreamHead(200, raw)).toBe(true);
    res.end('body');
    expect(socket.text).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Wed, 31 Dec 2025 00:00:00 GMT\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: 4\r\n\r\nbody');
  });

  it('frames a body the upstream sent chunked afresh, its Transfer-Encoding and any Content-Length dropped', () => {
    const { res, socket } = response();
    expect(res.writeUpstreamHead(200, ['Transfer-Encoding', 'chunked', 'Content-Length', '9', 'X-A', '1', ...DATE_RAW])).toBe(true);
    res.end('hi');
    expect(socket.text).toBe('HTTP/1.1 200 OK\r\nX-A: 1\r\ndate: d\r\ntransfer-encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n');
  });

  it('declines, writing nothing, when Connection names further hop-by-hop headers or headers were set before', () => {
    const nominating = response();
    expect(nominating.res.writeUpstreamHead(200, ['Connection', 'close, X-Secret', 'X-Secret', 's'])).toBe(false);
    expect(nominating.res.headersSent).toBe(false);
    const withExtra = response();
    withExtra.res.setHeader('x-set', '1');
    expect(withExtra.res.writeUpstreamHead(200, ['X-A', '1'])).toBe(false);
    expect(withExtra.res.headersSent).toBe(false);
  });

  it('closes an HTTP/1.0 keep-alive response without a length, as writeHead does', () => {
    const { res, socket } = response({ http10: true });
    expect(res.writeUpstreamHead(200, ['X-A', '1', ...DATE_RAW])).toBe(true);
    res.end('x');
    expect(socket.text).toBe('HTTP/1.1 200 OK\r\nX-A: 1\r\ndate: d\r\nconnection: close\r\n\r\nx');
    expect(res.closeAfter).toBe(true);
  });
});

const DATE_RAW = ['date', 'd'];
