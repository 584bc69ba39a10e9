import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@/server/testing/eventually';
import { startPorticoProcess } from '@/server/testing/portico-process';
import { freePort } from '@/server/proxy/testing/proxy-test-client';

/**
 * A proxy on "another host": `portico proxy` started by hand with a token minted through
 * `/api/proxy-tokens`, pulling over HTTPS with the serving certificate as its CA. It programs a
 * Gateway like the bundled one; the token can do nothing else, and revoking it locks the proxy out.
 */

const ADMIN_TOKEN = 'remote-proxy-admin-token-0123456789';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('a standalone proxy with a minted token', () => {
  it('programs Gateways, is confined to the snapshot protocol, and is locked out once revoked', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-remote-proxy-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const portico = await startPorticoProcess({ dataDir, env: { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN, PORTICO_DEMO: '0' } });
    cleanups.push(() => portico.stop());
    const api = (p: string, init: RequestInit = {}) => fetch(`${portico.url}${p}`, { ...init, headers: { ...admin, ...(init.headers as Record<string, string>) } });

    expect((await fetch(`${portico.url}/api/proxy-tokens`)).status).toBe(401);
    expect((await api('/api/proxy-tokens', { method: 'POST', body: JSON.stringify({ name: '' }) })).status).toBe(422);
    const minted = await api('/api/proxy-tokens', { method: 'POST', body: JSON.stringify({ name: 'edge-1' }) });
    expect(minted.status).toBe(201);
    const { token, id } = (await minted.json()) as { token: string; id: string };
    expect(token).toMatch(/^portico_/);
    const listed = (await (await api('/api/proxy-tokens')).json()) as { tokens: Array<{ id: string; name: string }> };
    expect(listed.tokens).toEqual([expect.objectContaining({ id, name: 'edge-1' })]);

    // The proxy's token reads snapshots, but may not mint tokens nor touch /k8s.
    const asProxy = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    expect((await fetch(`${portico.url}/api/proxy-tokens`, { method: 'POST', headers: asProxy, body: JSON.stringify({ name: 'more' }) })).status).toBe(403);
    expect((await fetch(`${portico.url}/k8s/api/v1/namespaces`, { headers: asProxy })).status).toBe(403);

    const listenerPort = await freePort();
    const proxy = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'portico.mjs'), 'proxy', '--control-plane', portico.url.replace(/^http:/, 'https:'), '--ca', path.join(dataDir, 'tls', 'serving.crt'), '--proxy-id', 'edge-1', '--port-offset', String(listenerPort - 80), '--admin-port', '0'],
      { cwd: ROOT, env: { ...process.env, PORTICO_PROXY_TOKEN: token, PORTICO_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    cleanups.push(() => proxy.kill('SIGKILL'));

    await api('/k8s/api/v1/namespaces', { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } }) });
    await api('/k8s/apis/gateway.networking.k8s.io/v1/gatewayclasses', {
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'portico' }, spec: { controllerName: 'portico.dev/gateway-controller' } }),
    });
    const created = await api('/k8s/apis/gateway.networking.k8s.io/v1/namespaces/edge/gateways', {
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'web', namespace: 'edge' }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }),
    });
    expect(created.status).toBe(201);
    const addresses = await eventually(async () => {
      const gateway = (await (await api('/k8s/apis/gateway.networking.k8s.io/v1/namespaces/edge/gateways/web')).json()) as {
        status?: { addresses?: unknown[]; conditions?: Array<{ type: string; status: string }> };
      };
      return gateway.status?.conditions?.some((c) => c.type === 'Programmed' && c.status === 'True') ? gateway.status.addresses : undefined;
    }, 'Programmed=True through the standalone proxy');
    expect(addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.1' }]);
    expect((await fetch(`http://127.0.0.1:${listenerPort}/`)).status).toBe(404);

    expect((await api(`/api/proxy-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${portico.url}/api/proxy/snapshot`, { headers: asProxy })).status).toBe(401);
  });
});
