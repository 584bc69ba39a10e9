import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sList, K8sObject } from '@/lib/k8s/object';
import { apiFetch, startTestApi, type TestApi } from './testing/test-api-server';
import { WatchReader } from './testing/watch-reader';

let api: TestApi;
const NS = 'lw';
const CMS = `/api/v1/namespaces/${NS}/configmaps`;

const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});
const post = (path: string, body: unknown) => apiFetch(api, path, { method: 'POST', body: JSON.stringify(body) });
const mergePatch = (path: string, body: unknown) =>
  apiFetch(api, path, { method: 'PATCH', body: JSON.stringify(body), headers: { 'Content-Type': 'application/merge-patch+json' } });
const list = async (query: string, path = CMS): Promise<K8sList> => (await (await apiFetch(api, path + query)).json()) as K8sList;

beforeAll(async () => {
  api = await startTestApi({ api: { watch: { bookmarkIntervalMs: 50 } } });
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
  for (let i = 0; i < 12; i++) await post(CMS, cm(`c${String(i).padStart(2, '0')}`, { tier: i % 2 ? 'odd' : 'even', i: String(i) }));
  await post('/api/v1/namespaces/other/configmaps', cm('elsewhere', { tier: 'odd' }));
});
afterAll(async () => {
  await api?.close();
});

describe('list (A-01, A-28..A-30)', () => {
  it('has list kind, items and a collection resourceVersion', async () => {
    const l = await list('');
    expect(l).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(l.items).toHaveLength(12);
  });

  it.each([
    ['tier=odd', 6],
    ['tier==odd', 6],
    ['tier!=odd', 6],
    ['tier in (odd,even)', 12],
    ['tier notin (odd)', 6],
    ['i', 12],
    ['!i', 0],
    ['tier=odd,i in (1,3,4)', 2],
  ])('labelSelector %s → %i items', async (selector, count) => {
    expect((await list(`?labelSelector=${encodeURIComponent(selector)}`)).items).toHaveLength(count);
  });

  it.each([
    ['metadata.name=c03', 1],
    ['metadata.name!=c03', 11],
  ])('fieldSelector %s → %i items', async (selector, count) => {
    expect((await list(`?fieldSelector=${encodeURIComponent(selector)}`)).items).toHaveLength(count);
  });

  it('filters all-namespace lists by metadata.namespace', async () => {
    const l = await list('?fieldSelector=metadata.namespace%3Dother', '/api/v1/configmaps');
    expect(l.items.map((i) => i.metadata.name)).toEqual(['elsewhere']);
  });

  it('paginates at one revision while writes happen', async () => {
    const first = await list('?limit=5');
    expect(first.items).toHaveLength(5);
    expect(first.metadata.continue).toBeTruthy();
    await post(CMS, cm('c99-late'));
    const second = await list(`?limit=5&continue=${first.metadata.continue!}`);
    const third = await list(`?limit=5&continue=${second.metadata.continue!}`);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(third.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(third.metadata.continue).toBeFalsy();
    const names = [...first.items, ...second.items, ...third.items].map((i) => i.metadata.name);
    expect(names).toHaveLength(12);
    expect(names).not.toContain('c99-late');
    await apiFetch(api, `${CMS}/c99-late`, { method: 'DELETE' });
  });

  it('applies limit after the selector', async () => {
    const page = await list('?limit=2&labelSelector=tier%3Dodd');
    expect(page.items.map((i) => i.metadata.labels?.tier)).toEqual(['odd', 'odd']);
    const rest = await list(`?limit=10&labelSelector=tier%3Dodd&continue=${page.metadata.continue!}`);
    expect(rest.items).toHaveLength(4);
  });

  it.each([
    ['?resourceVersionMatch=NotOlderThan', 422],
    ['?resourceVersionMatch=Exact&resourceVersion=1&continue=abc', 422],
    ['?resourceVersionMatch=Sometimes&resourceVersion=1', 422],
    ['?resourceVersion=0', 200],
    ['?resourceVersion=1&resourceVersionMatch=NotOlderThan', 200],
    ['?resourceVersion=999999999', 504],
    ['?continue=garbage', 400],
    ['?labelSelector=a%20b%20c', 400],
  ])('parameters %s → %i', async (query, code) => {
    expect((await apiFetch(api, CMS + query)).status).toBe(code);
  });

  it('reads the exact revision asked for', async () => {
    const before = await list('');
    await post(CMS, cm('exact-new'));
    const old = await list(`?resourceVersion=${before.metadata.resourceVersion!}&resourceVersionMatch=Exact`);
    expect(old.items.map((i) => i.metadata.name)).not.toContain('exact-new');
    await apiFetch(api, `${CMS}/exact-new`, { method: 'DELETE' });
  });
});

describe('watch (A-23..A-27, A-30)', () => {
  it('resumes from a list revision and sees add, modify, delete in order', async () => {
    const rv = (await list('')).metadata.resourceVersion!;
    const ctl = new AbortController();
    const res = await apiFetch(api, `${CMS}?watch=1&resourceVersion=${rv}`, { signal: ctl.signal });
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const w = new WatchReader(res);
    await post(CMS, cm('w1'));
    await mergePatch(`${CMS}/w1`, { data: { k: 'v' } });
    await apiFetch(api, `${CMS}/w1`, { method: 'DELETE' });
    const events = [await w.next(), await w.next(), await w.next()];
    expect(events.map((e) => [e?.type, e?.object.metadata.name])).toEqual([
      ['ADDED', 'w1'],
      ['MODIFIED', 'w1'],
      ['DELETED', 'w1'],
    ]);
    expect((events[1]?.object as { data?: unknown }).data).toEqual({ k: 'v' });
    const rvs = events.map((e) => Number(e?.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    ctl.abort();
  });

  it('starts with the current state without a resourceVersion (legacy /watch/ path too)', async () => {
    const ctl = new AbortController();
    const w = new WatchReader(await apiFetch(api, `/api/v1/watch/namespaces/${NS}/configmaps?labelSelector=i%3D3`, { signal: ctl.signal }));
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'c03' } } });
    ctl.abort();
  });

  it('emits DELETED when an object stops matching the selector', async () => {
    await post(CMS, cm('sel', { watch: 'me' }));
    const rv = (await list('')).metadata.resourceVersion!;
    const ctl = new AbortController();
    const w = new WatchReader(await apiFetch(api, `${CMS}?watch=true&resourceVersion=${rv}&labelSelector=watch%3Dme`, { signal: ctl.signal }));
    await mergePatch(`${CMS}/sel`, { metadata: { labels: { watch: 'not-me' } } });
    await mergePatch(`${CMS}/sel`, { metadata: { labels: { watch: 'me' } } });
    expect((await w.next())?.type).toBe('DELETED');
    expect((await w.next())?.type).toBe('ADDED');
    ctl.abort();
  });

  it('sends bookmarks when allowed', async () => {
    const rv = (await list('')).metadata.resourceVersion!;
    const ctl = new AbortController();
    const w = new WatchReader(await apiFetch(api, `${CMS}?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`, { signal: ctl.signal }));
    const e = await w.next();
    expect(e).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', metadata: { resourceVersion: expect.any(String) } } });
    expect(Number(e?.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
    ctl.abort();
  });

  it('ends after timeoutSeconds', async () => {
    const rv = (await list('')).metadata.resourceVersion!;
    const w = new WatchReader(await apiFetch(api, `${CMS}?watch=1&resourceVersion=${rv}&timeoutSeconds=1`));
    expect(await w.next(15_000)).toBeUndefined();
    expect(w.done).toBe(true);
  });

  it('streams initial events then an annotated bookmark with sendInitialEvents', async () => {
    expect((await apiFetch(api, `${CMS}?watch=1&sendInitialEvents=true&allowWatchBookmarks=true`)).status).toBe(422);
    const ctl = new AbortController();
    const w = new WatchReader(
      await apiFetch(api, `${CMS}?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&labelSelector=i%3D5`, {
        signal: ctl.signal,
      }),
    );
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'c05' } } });
    expect(await w.next()).toMatchObject({ type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    ctl.abort();
  });

  it('410 Expired as an ERROR event after compaction; expired continue tokens → 410', async () => {
    const first = await list('?limit=2');
    await post(CMS, cm('compact-me'));
    api.store.compact(api.store.currentRevision());
    const w = new WatchReader(await apiFetch(api, `${CMS}?watch=1&resourceVersion=1`));
    expect(await w.next()).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    const res = await apiFetch(api, `${CMS}?limit=2&continue=${first.metadata.continue!}`);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ reason: 'Expired' });
  });
});
