import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Duplex } from 'node:stream';

/** What the test echo backend answers: enough to check routing, rewrites and header edits. */
export interface EchoReply {
  backend: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  bodyLength: number;
}

export interface EchoBackend {
  readonly name: string;
  readonly endpoint: { address: string; port: number };
  /** Every request seen, in arrival order (mirror tests). */
  readonly received: EchoReply[];
  stop(): Promise<void>;
}

/**
 * Test-only upstream on 127.0.0.1:0 answering with the request as JSON. `/delay/<ms>` waits
 * before answering (timeouts, in-flight swaps); `/reset` destroys the connection (502). An
 * Upgrade is accepted with 101 and the socket then echoes whatever it receives.
 */
export async function startEchoBackend(name: string): Promise<EchoBackend> {
  const received: EchoReply[] = [];
  const server: Server = createServer((req, res) => {
    let bodyLength = 0;
    req.on('data', (chunk: Buffer) => (bodyLength += chunk.length));
    req.on('end', () => {
      const url = req.url ?? '/';
      if (url.startsWith('/reset')) return req.socket.destroy();
      const reply: EchoReply = { backend: name, method: req.method ?? '', path: url, headers: req.headers, bodyLength };
      received.push(reply);
      const body = JSON.stringify(reply);
      const delay = /^\/delay\/(\d+)/.exec(url);
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name, connection: 'keep-alive, x-hop', 'x-hop': 'secret', 'keep-alive': 'timeout=5' });
        res.end(body);
      };
      if (delay) setTimeout(send, Number(delay[1]));
      else send();
    });
  });
  // WebSocket stand-in: accepts the upgrade, then echoes raw bytes (tests the tunnel, not framing).
  const tunnels = new Set<Duplex>();
  server.on('upgrade', (req, socket: Duplex) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    received.push({ backend: name, method: req.method ?? '', path: req.url ?? '', headers: req.headers, bodyLength: 0 });
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Backend: ${name}\r\n\r\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    endpoint: { address: '127.0.0.1', port },
    received,
    stop: async () => {
      server.closeAllConnections();
      for (const socket of tunnels) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
