import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Whether `port` on 127.0.0.1 can be bound right now. */
function isFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A PORTICO_LISTENER_PORT_OFFSET under which listener ports 80 and 443 (the demo Gateway's) are
 * both free on 127.0.0.1 right now. Both: a test that checked only 80 + offset waited a minute
 * for an HTTPS listener whose port another process held.
 */
export async function freeListenerOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((r) => probe.close(r));
    if (port > 80 && port + 363 <= 65535 && (await isFree(port + 363))) return port - 80;
  }
  throw new Error('no free pair of listener ports');
}
