import { createServer } from 'node:net';
import type { K8sObject } from '@/lib/k8s/object';

/** Every listener port the Gateways among `objects` declare. */
export function gatewayListenerPorts(objects: readonly K8sObject[]): number[] {
  const ports = new Set<number>();
  for (const o of objects) {
    if (o.kind !== 'Gateway') continue;
    for (const l of (o.spec as { listeners?: Array<{ port?: number }> }).listeners ?? []) if (typeof l.port === 'number') ports.add(l.port);
  }
  return [...ports].sort((a, b) => a - b);
}

function isFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A PORTICO_LISTENER_PORT_OFFSET under which every listener port the run uses lands on a port
 * that is free on 127.0.0.1 right now (Portico serves listener port p on p + offset).
 */
export async function chooseListenerPortOffset(ports: readonly number[]): Promise<number> {
  const highest = Math.max(...ports, 443);
  for (let attempt = 0; attempt < 200; attempt++) {
    const offset = 20_000 + Math.floor(Math.random() * (65_535 - highest - 20_000));
    const free = await Promise.all(ports.map((p) => isFree(p + offset)));
    if (free.every(Boolean)) return offset;
  }
  throw new Error(`no listener port offset leaves ports ${ports.join(', ')} free`);
}
