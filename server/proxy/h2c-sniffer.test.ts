import { createServer, connect, type Socket, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyPreface, H2_PREFACE, sniffPreface } from '@/server/proxy/h2c-sniffer';

describe('classifyPreface', () => {
  it.each([
    ['the full preface', H2_PREFACE, 'h2'],
    ['the preface and a SETTINGS frame', Buffer.concat([H2_PREFACE, Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]), 'h2'],
    ['a prefix of it', H2_PREFACE.subarray(0, 10), 'undecided'],
    ['nothing yet', Buffer.alloc(0), 'undecided'],
    ['GET', Buffer.from('GET / HTTP/1.1\r\n'), 'http1'],
    ['POST (shares the P)', Buffer.from('POST / HTTP/1.1\r\n'), 'http1'],
    ['PRI with HTTP/1.1', Buffer.from('PRI * HTTP/1.1\r\n\r\n'), 'http1'],
    ['a TLS ClientHello', Buffer.from([0x16, 0x03, 0x01]), 'http1'],
  ] as const)('%s', (_, bytes, verdict) => {
    expect(classifyPreface(bytes)).toBe(verdict);
  });
});

describe('sniffPreface', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  /** A server that sniffs each connection and reports the verdict and every byte read afterwards. */
  async function sniffing(timeoutMs = 2000): Promise<{ port: number; next: Promise<{ verdict: string; bytes: string } | 'destroyed'> }> {
    let report: (r: { verdict: string; bytes: string } | 'destroyed') => void = () => {};
    const next = new Promise<{ verdict: string; bytes: string } | 'destroyed'>((r) => (report = r));
    const server = createServer((socket: Socket) => {
      socket.once('close', () => report('destroyed'));
      sniffPreface(socket, timeoutMs, (verdict) => {
        let bytes = '';
        socket.on('data', (c: Buffer) => {
          bytes += c.toString('latin1');
          if (bytes.endsWith('END')) report({ verdict, bytes });
        });
        socket.resume();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => server.close());
    return { port: (server.address() as AddressInfo).port, next };
  }

  it('hands HTTP/1.x over with the peeked bytes pushed back, in order', async () => {
    const { port, next } = await sniffing();
    const client = connect(port, '127.0.0.1', () => client.write('POST /x HTTP/1.1\r\n\r\nEND'));
    cleanup.push(() => client.destroy());
    expect(await next).toEqual({ verdict: 'http1', bytes: 'POST /x HTTP/1.1\r\n\r\nEND' });
  });

  it('waits for the whole preface when it arrives in pieces', async () => {
    const { port, next } = await sniffing();
    const client = connect(port, '127.0.0.1', async () => {
      for (let i = 0; i < H2_PREFACE.length; i += 5) {
        client.write(H2_PREFACE.subarray(i, i + 5));
        await new Promise((r) => setTimeout(r, 5));
      }
      client.write('END');
    });
    cleanup.push(() => client.destroy());
    const result = await next;
    expect(result).not.toBe('destroyed');
    expect(result !== 'destroyed' && result.verdict).toBe('h2');
    expect(result !== 'destroyed' && result.bytes).toBe(`${H2_PREFACE.toString('latin1')}END`);
  });

  it('drops a connection that says nothing within the timeout', async () => {
    const { port, next } = await sniffing(100);
    const client = connect(port, '127.0.0.1');
    client.on('error', () => {});
    cleanup.push(() => client.destroy());
    expect(await next).toBe('destroyed');
  });
});
