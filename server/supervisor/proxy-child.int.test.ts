import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '@/server/auth/testing/capture-logger';
import { createProxyApiHandler } from '@/server/proxy-link/proxy-api-handler';
import { proxyUser } from '@/server/proxy-link/proxy-identity';
import { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';
import { snapshotOnPort, tableAuthenticator } from '@/server/proxy-link/testing/proxy-link-fixtures';
import { superviseProcess } from '@/server/supervisor/process-supervisor';
import { proxyChildSpec } from '@/server/supervisor/proxy-child-spec';

/** The real `portico proxy` command as a supervised child of a control plane, end to end. */

const TOKEN = 'proxy-child-test-token';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A port that was free a moment ago, for the proxy's listener socket. */
async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  return port;
}

async function waitFor<T>(probe: () => T | undefined | false, what: string): Promise<T> {
  for (let i = 0; i < 6000; i++) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function statusOf(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: 'nothing.example' }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('supervised portico proxy', () => {
  it('pulls the snapshot, binds its listener, acks, and is restarted after being killed', async () => {
    const publisher = new SnapshotPublisher();
    const handle = createProxyApiHandler({ publisher, authenticator: tableAuthenticator([{ token: TOKEN, user: proxyUser() }]), logger: captureLogger().logger });
    const server = createServer((req, res) => void handle(req, res));
    const cpPort = await listen(server);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          publisher.close();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const listenerPort = await freePort();
    const snapshot = snapshotOnPort(80);
    publisher.publish(snapshot, new Map([['infra/public', 1]]));

    const captured = captureLogger();
    const supervisor = superviseProcess({
      name: 'proxy',
      spec: proxyChildSpec({ controlPlaneUrl: `http://127.0.0.1:${cpPort}`, token: TOKEN, proxyId: 'child-1', portOffset: listenerPort - 80, adminPort: 0 }),
      logger: captured.logger,
      backoff: { initialMs: 10, maxMs: 100 },
      output: 'ignore',
    });
    cleanups.push(() => supervisor.stop());

    const boundAck = () => {
      const ack = publisher.acks().get('child-1');
      return ack?.version === snapshot.version && ack.listeners?.[0]?.bound ? ack : undefined;
    };
    const first = await waitFor(boundAck, 'the proxy to bind and ack');
    expect(first).toMatchObject({ accepted: true, listeners: [{ name: 'infra/public/http', bound: true, address: `127.0.0.1:${listenerPort}` }] });
    expect(publisher.programming().get('infra/public')).toEqual({ observedGeneration: 1, addresses: [{ type: 'IPAddress', value: '127.0.0.1' }] });
    expect(await statusOf(listenerPort)).toBe(404);

    const pid = supervisor.pid();
    expect(pid).toBeDefined();
    process.kill(pid ?? 0, 'SIGKILL');
    await waitFor(() => {
      const ack = boundAck();
      return ack && ack.receivedAt > first.receivedAt && supervisor.pid() !== pid ? ack : undefined;
    }, 'the restarted proxy to ack again');
    expect(supervisor.restarts()).toBe(1);
    expect(await statusOf(listenerPort)).toBe(404);

    const second = supervisor.pid() ?? 0;
    await supervisor.stop();
    expect(() => process.kill(second, 0)).toThrow();
    await expect(statusOf(listenerPort)).rejects.toThrow(/ECONNREFUSED/);
  });
});
