import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, apiFetch, startTestApi, type TestApi } from '@/server/apiserver/testing/test-api-server';
import { startController, type RunningController } from '@/server/controller/start-controller';

/**
 * The controller keeps working through what happens to long-running watches: a cut connection,
 * history compacted away (410 Gone, relist), and the API being unreachable for a while. A TCP
 * relay between the controller and a real API server stands in for the network.
 */

const GW = 'gateway.networking.k8s.io';
const CLASSES = `/apis/${GW}/v1/gatewayclasses`;
let api: TestApi;
let relay: Relay;
let controller: RunningController;

/** Forwards TCP to the API; can cut every connection, and stop and start listening on its port. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function createClass(name: string): Promise<void> {
  const res = await apiFetch(api, CLASSES, {
    method: 'POST',
    body: JSON.stringify({ apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name }, spec: { controllerName: 'portico.dev/gateway-controller' } }),
  });
  expect(res.status).toBe(201);
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stats ${JSON.stringify(controller.stats())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function accepted(name: string): Promise<boolean> {
  const res = await apiFetch(api, `${CLASSES}/${name}`);
  const body = (await res.json()) as { status?: { conditions?: { type: string; status: string; observedGeneration?: number }[] } };
  return body.status?.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True' && c.observedGeneration === 1) ?? false;
}

beforeAll(async () => {
  api = await startTestApi();
  relay = new Relay(Number(new URL(api.url).port));
  await relay.start();
  await createClass('before-start');
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node 2.x refuses plain http unless TLS verification is explicitly off.
    clusters: [{ name: 'api', server: `http://127.0.0.1:${relay.port}/k8s`, skipTLSVerify: true }],
    users: [{ name: 'admin', token: ADMIN_TOKEN }],
    contexts: [{ name: 'api', cluster: 'api', user: 'admin' }],
    currentContext: 'api',
  });
  controller = await startController({ api: { kubeconfig: kc }, logger: pino({ level: 'silent' }), restartBackoff: { baseMs: 50, maxMs: 400 } });
  await controller.ready;
});

afterAll(async () => {
  await controller?.stop();
  await relay?.stop();
  await api?.close();
});

describe('controller recovery', () => {
  it('reconciles what existed before it started, once every informer has listed', async () => {
    expect(controller.stats()).toMatchObject({ synced: true, informerLists: 9 });
    await until(() => accepted('before-start'), 'the first class accepted');
  });

  it('resumes after its watch connections are cut', async () => {
    relay.cut();
    await createClass('after-cut');
    await until(() => accepted('after-cut'), 'a class created after the cut accepted');
  });

  it('relists after the history it would resume from was compacted (410 Gone)', async () => {
    const lists = controller.stats().informerLists;
    for (let i = 0; i < 3; i++) {
      const res = await apiFetch(api, '/api/v1/namespaces', { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `filler-${i}` } }) });
      expect(res.status).toBe(201);
    }
    await until(() => controller.snapshot().namespaces.some((n) => n.metadata.name === 'filler-2'), 'the namespaces seen');
    await createClass('before-compaction');
    api.store.compact(api.store.currentRevision());
    relay.cut();
    await until(() => controller.stats().informerLists > lists, 'a relist');
    await until(() => accepted('before-compaction'), 'the class accepted');
    await createClass('after-relist');
    await until(() => accepted('after-relist'), 'a class created after the relist accepted');
  });

  it('restarts its informers after the API was unreachable, and catches up', async () => {
    const restarts = controller.stats().informerRestarts;
    await relay.stop();
    await until(() => controller.stats().informerRestarts > restarts, 'informers restarting');
    await createClass('during-outage');
    await new Promise((r) => setTimeout(r, 300));
    expect(await accepted('during-outage')).toBe(false);
    await relay.start();
    await until(() => accepted('during-outage'), 'the class created during the outage accepted');
    const res = await apiFetch(api, `${CLASSES}/during-outage`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    await until(() => !controller.snapshot().gatewayClasses.some((c) => c.metadata.name === 'during-outage'), 'the delete seen');
  });
});
