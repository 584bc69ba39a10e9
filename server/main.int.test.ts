import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPorticoProcess } from '@/server/testing/portico-process';

const ADMIN_TOKEN = 'kill9-admin-token-0123456789abcdef';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function configMap(name: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { n: name } };
}

describe('durability of acknowledged writes', () => {
  it('keeps every create that got 201 when the process is killed with SIGKILL mid-stream', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-kill9-'));
    dirs.push(dataDir);
    const env = { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN, PORTICO_DEMO: '0' };
    const first = await startPorticoProcess({ dataDir, env });
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const ns = await fetch(`${first.url}/k8s/api/v1/namespaces`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }),
    });
    expect([201, 409]).toContain(ns.status);

    const total = 1000;
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    // 1,000 creates, 50 in flight at a time; SIGKILL lands once a third have been acknowledged.
    const worker = async () => {
      while (sent < total) {
        const name = `cm-${sent++}`;
        try {
          const res = await fetch(`${first.url}/k8s/api/v1/namespaces/default/configmaps`, {
            method: 'POST',
            headers,
            body: JSON.stringify(configMap(name)),
          });
          if (res.status === 201) acknowledged.push(name);
          await res.arrayBuffer();
        } catch {
          // the connection died with the process: this create was never acknowledged
        }
        if (!killed && acknowledged.length >= total / 3) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    expect(await first.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(total / 3);
    expect(acknowledged.length).toBeLessThan(total);

    const second = await startPorticoProcess({ dataDir, env });
    try {
      const res = await fetch(`${second.url}/k8s/api/v1/namespaces/default/configmaps`, { headers });
      expect(res.status).toBe(200);
      const list = (await res.json()) as { items: { metadata: { name: string } }[] };
      const present = new Set(list.items.map((i) => i.metadata.name));
      const lost = acknowledged.filter((name) => !present.has(name));
      expect(lost).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

describe('start-up failure', () => {
  it('releases everything it opened when the port is taken, so the same data dir starts next time', async () => {
    const { startPortico } = await import('@/server/main');
    const base = { host: '127.0.0.1', demo: false, console: false, logLevel: 'silent' as const };
    const first = mkdtempSync(path.join(tmpdir(), 'portico-port-a-'));
    const second = mkdtempSync(path.join(tmpdir(), 'portico-port-b-'));
    dirs.push(first, second);
    const running = await startPortico({ ...base, dataDir: first, port: 0 });
    try {
      const port = Number(new URL(running.url).port);
      await expect(startPortico({ ...base, dataDir: second, port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      const retried = await startPortico({ ...base, dataDir: second, port: 0 });
      await retried.close();
    } finally {
      await running.close();
    }
  });
});
