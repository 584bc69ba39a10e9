import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldHeaders } from '@/server/proxy/http1/http1-request';

/** Header lists whose folding matters to routing and header matches. */
const CASES: Array<{ name: string; lines: string[] }> = [
  { name: 'one of each', lines: ['Host: a.example', 'X-Env: prod', 'Accept: */*'] },
  { name: 'repeated generic field joins with a comma', lines: ['Host: a', 'X-Env: prod', 'x-env: canary', 'X-ENV: third'] },
  { name: 'repeated cookie joins with a semicolon', lines: ['Host: a', 'Cookie: a=1', 'cookie: b=2'] },
  { name: 'set-cookie is an array', lines: ['Host: a', 'Set-Cookie: a=1', 'Set-Cookie: b=2'] },
  { name: 'singleton fields keep the first', lines: ['Host: a', 'User-Agent: one', 'User-Agent: two', 'Authorization: x', 'authorization: y', 'Content-Type: text/plain', 'Content-Type: text/html', 'Referer: r1', 'Referer: r2'] },
  { name: 'empty values', lines: ['Host: a', 'X-Empty:', 'X-Empty: b', 'X-Other: '] },
  { name: 'mixed case names lower-cased', lines: ['HOST: a', 'X-Forwarded-For: 1.1.1.1', 'x-forwarded-for: 2.2.2.2', 'Accept-Language: en', 'ACCEPT-LANGUAGE: de'] },
  { name: 'names every object inherits', lines: ['Host: a', 'Constructor: c1', 'constructor: c2', 'ToString: t', 'hasOwnProperty: h', '__proto__: p'] },
  { name: 'fields node treats specially by length', lines: ['Host: a', 'Date: d1', 'Date: d2', 'Vary: v1', 'Vary: v2', 'ETag: e1', 'ETag: e2', 'Age: 1', 'Age: 2', 'From: f1', 'From: f2', 'Max-Forwards: 1', 'Max-Forwards: 2'] },
];

describe('foldHeaders', () => {
  let port = 0;
  const seen: Array<{ raw: string[]; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    seen.push({ raw: req.rawHeaders, headers: req.headers });
    res.end();
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(CASES)('folds $name exactly as node:http does', async ({ lines }) => {
    seen.length = 0;
    await sendRaw(port, `GET / HTTP/1.1\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
    const [node] = seen;
    expect(node).toBeDefined();
    expect(foldHeaders(node!.raw)).toEqual({ ...node!.headers });
  });
});

function sendRaw(port: number, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}
