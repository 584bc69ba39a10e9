import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { apiFetch, startTestApi, type TestApi } from './testing/test-api-server';

/** no lost updates when many clients read-modify-write one object with RV preconditions. */
let api: TestApi;
const PATH = '/apis/gateway.networking.k8s.io/v1/namespaces/race/httproutes/counter';
const WRITERS = 50;
const ATTEMPTS_PER_WRITER = 6;

beforeAll(async () => {
  api = await startTestApi();
  await apiFetch(api, '/api/v1/namespaces', { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'race' } }) });
  await apiFetch(api, '/apis/gateway.networking.k8s.io/v1/namespaces/race/httproutes', {
    method: 'POST',
    body: JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'counter', annotations: { count: '0' } },
      spec: { parentRefs: [{ name: 'gw' }] },
    }),
  });
});
afterAll(async () => {
  await api?.close();
});

describe('concurrent read-modify-write (A-11, A-15)', () => {
  it(`${WRITERS} writers end with counter = successful writes`, async () => {
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < ATTEMPTS_PER_WRITER; i++) {
          const current = (await (await apiFetch(api, PATH)).json()) as K8sObject;
          const count = Number(current.metadata.annotations?.count ?? '0');
          const res = await apiFetch(api, PATH, {
            method: 'PUT',
            body: JSON.stringify({ ...current, metadata: { ...current.metadata, annotations: { count: String(count + 1) } } }),
          });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
      }),
    );
    const ok = statuses.filter((s) => s === 200).length;
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(ok).toBeGreaterThan(0);
    const final = (await (await apiFetch(api, PATH)).json()) as K8sObject;
    expect(Number(final.metadata.annotations?.count)).toBe(ok);
  });
});
