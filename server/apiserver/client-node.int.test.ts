import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, apiFetch, startTestApi, type TestApi } from './testing/test-api-server';

/**
 * The official client as an oracle (§0.2): a stock client-node informer must list, watch,
 * see adds/updates/deletes and recover from 410 Expired by relisting.
 */
let api: TestApi;
const NS = 'informed';
const CMS = `/api/v1/namespaces/${NS}/configmaps`;

const post = (path: string, body: unknown) => apiFetch(api, path, { method: 'POST', body: JSON.stringify(body) });
const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  // Short server-side watch lifetimes make the informer re-watch often (exercising resume and 410).
  api = await startTestApi({ api: { watch: { maxTimeoutSeconds: 1 } } });
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await post(CMS, cm('before'));
});
afterAll(async () => {
  await api?.close();
});

describe('@kubernetes/client-node informer', () => {
  it('lists, watches, and relists after 410', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'portico', server: api.url, skipTLSVerify: true }],
      users: [{ name: 'admin', token: ADMIN_TOKEN }],
      contexts: [{ name: 'portico', cluster: 'portico', user: 'admin' }],
      currentContext: 'portico',
    });
    const core = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const informer = makeInformer<V1ConfigMap>(kc, CMS, () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: NS });
    });
    const events: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => events.push(`add ${o.metadata?.name ?? ''}`));
    informer.on('update', (o) => events.push(`update ${o.metadata?.name ?? ''} ${o.data?.k ?? ''}`));
    informer.on('delete', (o) => events.push(`delete ${o.metadata?.name ?? ''}`));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      await until(() => events.includes('add before'), 'initial list');
      await post(CMS, cm('a'));
      await apiFetch(api, `${CMS}/a`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify({ data: { k: 'v1' } }),
      });
      await apiFetch(api, `${CMS}/before`, { method: 'DELETE' });
      await until(() => events.includes('delete before'), 'watch events');
      expect(events).toEqual(['add before', 'add a', 'update a v1', 'delete before']);

      // Move the store past the informer's resourceVersion and drop the history it would resume from.
      const listsBefore = lists;
      for (let i = 0; i < 5; i++) await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `filler-${i}` } });
      api.store.compact(api.store.currentRevision());
      await until(() => lists > listsBefore, 'a relist after 410');
      await post(CMS, cm('after'));
      await until(() => events.includes('add after'), 'events after the relist');
      expect(informer.list().map((o) => o.metadata?.name).sort()).toEqual(['a', 'after']);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});
