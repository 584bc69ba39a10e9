import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';
import { eventually } from '@/server/testing/eventually';
import { freePort } from '@/server/proxy/testing/proxy-test-client';

/**
 * `portico start` with its bundled proxy, end to end: the controller translates a Gateway, the
 * supervised proxy pulls the snapshot, binds the listener and acks, and the Gateway becomes
 * Programmed with the address really bound. When the proxy is killed it is restarted and serves again.
 */

const ADMIN_TOKEN = 'embedded-proxy-admin-token-0123456789';
const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function create(portico: PorticoProcess, apiPath: string, body: object): Promise<void> {
  const res = await fetch(`${portico.url}/k8s${apiPath}`, { method: 'POST', headers, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
}

interface GatewayStatus {
  addresses?: { type: string; value: string }[];
  conditions?: { type: string; status: string; reason: string }[];
}

describe('portico start with the bundled proxy', () => {
  it('programs a Gateway through the supervised proxy and restarts the proxy when it dies', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-embedded-proxy-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const listenerPort = await freePort();
    const portico = await startPorticoProcess({
      dataDir,
      env: { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN, PORTICO_DEMO: '0', PORTICO_PROXY: '1', PORTICO_LISTENER_PORT_OFFSET: String(listenerPort - 80), PORTICO_PROXY_ADMIN_PORT: '0' },
    });
    cleanups.push(() => portico.stop());

    await create(portico, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } });
    await create(portico, '/apis/gateway.networking.k8s.io/v1/gatewayclasses', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'portico' },
      spec: { controllerName: 'portico.dev/gateway-controller' },
    });
    await create(portico, '/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'infra' },
      spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });

    const status = await eventually(async () => {
      const res = await fetch(`${portico.url}/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/public`, { headers });
      const gateway = (await res.json()) as { status?: GatewayStatus };
      const programmed = gateway.status?.conditions?.find((c) => c.type === 'Programmed');
      return programmed?.status === 'True' ? gateway.status : undefined;
    }, 'Programmed=True');
    expect(status?.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.1' }]);
    // Nothing routes yet: the proxy answers 404 on the listener it bound.
    expect((await fetch(`http://127.0.0.1:${listenerPort}/`)).status).toBe(404);

    const proxyPid = await eventually(async () => findChildProxyPid(portico.child.pid ?? 0), 'the proxy child');
    process.kill(proxyPid, 'SIGKILL');
    const restarted = await eventually(async () => {
      const pid = findChildProxyPid(portico.child.pid ?? 0);
      return pid !== undefined && pid !== proxyPid ? pid : undefined;
    }, 'a new proxy child');
    expect(restarted).not.toBe(proxyPid);
    await eventually(async () => ((await fetch(`http://127.0.0.1:${listenerPort}/`)).status === 404 ? true : undefined), 'the restarted proxy to serve');

    expect(await portico.stop()).toBe(0);
    expect(() => process.kill(restarted, 0)).toThrow();
  });
});

/** The `portico proxy` child of `parentPid`, from /proc (Linux). */
function findChildProxyPid(parentPid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes('proxy') && cmdline.some((a) => a.endsWith('portico.mjs'))) return Number(entry);
    } catch {
      // The process went away while we looked.
    }
  }
  return undefined;
}
