import { startEchoServer, type RunningEchoServer } from '@/server/echo/echo-server';
import { backendKey, DEMO_BACKENDS, type DemoBackend } from '@/server/demo/demo-world';

/**
 * The demo's echo backends, run inside the Portico process for as long as it runs. In-process
 * rather than child processes: each is a small HTTP server, there is nothing to supervise or
 * restart, and they end with the server; traffic still crosses a process boundary, since the
 * bundled proxy that forwards to them is its own process. Ports are ephemeral (127.0.0.1, port
 * 0), so they differ on every start; `writeDemoEndpointPorts` records them in the EndpointSlices.
 */
export interface DemoBackends {
  /** The current port of each backend, by `backendKey` (`namespace/service`). */
  ports: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** The pod name a backend reports; like a Deployment's pods, it starts with the Service's name. */
export function demoPodName(backend: DemoBackend): string {
  return `${backend.service}-portico-demo`;
}

export async function startDemoBackends(backends: readonly DemoBackend[] = DEMO_BACKENDS): Promise<DemoBackends> {
  const running: RunningEchoServer[] = [];
  const closeAll = () => Promise.all(running.map((s) => s.close())).then(() => undefined);
  const ports = new Map<string, number>();
  try {
    for (const backend of backends) {
      const server = await startEchoServer({ port: 0, host: '127.0.0.1', pod: demoPodName(backend), namespace: backend.namespace, service: backend.service });
      running.push(server);
      ports.set(backendKey(backend), server.port);
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  return { ports, close: closeAll };
}
