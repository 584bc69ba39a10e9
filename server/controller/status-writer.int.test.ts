import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { ADMIN_TOKEN, apiFetch, startTestApi, type TestApi } from '@/server/apiserver/testing/test-api-server';
import { createKubeRequester, type KubeRequester } from '@/server/controller/kube-client';
import { planStatusUpdates, type StatusUpdate } from '@/server/controller/status-plan';
import { StatusWriteError, writeStatuses, type StatusWriteCounters } from '@/server/controller/status-writer';
import { buildSnapshot, PORTICO_CONTROLLER_NAME } from '@/server/graph/resource-snapshot';
import type { DesiredStatuses } from '@/server/status/status-types';

/** The status writer against a real API server: conflicts, vanished objects, one bad write among good ones. */

const GW = 'gateway.networking.k8s.io';
const ROUTES = `/apis/${GW}/v1/namespaces/team-a/httproutes`;
let api: TestApi;
let requester: KubeRequester;
const logger = pino({ level: 'silent' });

const counters = (): StatusWriteCounters => ({ statusWrites: 0, statusConflicts: 0, statusWriteFailures: 0 });
const gwRef = { group: GW, kind: 'Gateway', namespace: 'infra', name: 'gw' };
const foreign = {
  parentRef: { group: GW, kind: 'Gateway', namespace: 'team-a', name: 'theirs' },
  controllerName: 'example.com/other',
  conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'theirs', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' }],
};
const desiredFor = (name: string): DesiredStatuses => ({
  gatewayClasses: [],
  gateways: [],
  routes: [
    {
      kind: 'HTTPRoute',
      namespace: 'team-a',
      name,
      generation: 1,
      parents: [{ parentRef: gwRef, controllerName: PORTICO_CONTROLLER_NAME, conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'ok', observedGeneration: 1 }] }],
    },
  ],
});

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function createRoute(name: string): Promise<K8sObject> {
  const res = await apiFetch(api, ROUTES, {
    method: 'POST',
    body: JSON.stringify({ apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name }, spec: { parentRefs: [{ name: 'gw', namespace: 'infra' }] } }),
  });
  expect(res.status).toBe(201);
  return json<K8sObject>(res);
}

beforeAll(async () => {
  api = await startTestApi();
  await apiFetch(api, '/api/v1/namespaces', { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }) });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'api', server: api.url, skipTLSVerify: true }],
    users: [{ name: 'admin', token: ADMIN_TOKEN }],
    contexts: [{ name: 'api', cluster: 'api', user: 'admin' }],
    currentContext: 'api',
  });
  requester = createKubeRequester(kc);
});

afterAll(async () => {
  await requester?.close();
  await api?.close();
});

describe('writeStatuses', () => {
  it('on a conflict reads the latest version and merges again, keeping what another controller wrote meanwhile', async () => {
    const stale = await createRoute('conflicted');
    const put = await apiFetch(api, `${ROUTES}/conflicted/status`, { method: 'PUT', body: JSON.stringify({ ...stale, status: { parents: [foreign] } }) });
    expect(put.status).toBe(200);
    const c = counters();
    const updates = planStatusUpdates(desiredFor('conflicted'), buildSnapshot([stale]));
    await writeStatuses({ request: requester.request, logger, counters: c, updates, cached: () => stale, now: () => '2026-11-26T08:00:00Z' });
    expect(c).toEqual({ statusWrites: 1, statusConflicts: 1, statusWriteFailures: 0 });
    const stored = await json<{ status: { parents: { controllerName: string }[] } }>(await apiFetch(api, `${ROUTES}/conflicted`));
    expect(stored.status.parents.map((p) => p.controllerName)).toEqual(['example.com/other', PORTICO_CONTROLLER_NAME]);
  });

  it('skips an object that was deleted, and writes the others when one write is refused', async () => {
    const gone = await createRoute('gone');
    expect((await apiFetch(api, `${ROUTES}/gone`, { method: 'DELETE' })).status).toBe(200);
    const good = await createRoute('good');
    const bad = await createRoute('bad');
    const invalid: StatusUpdate = { kind: 'HTTPRoute', namespace: 'team-a', name: 'bad', generation: 1, statusFor: () => ({ parents: 'not a list' }) };
    const cached = new Map([
      ['gone', gone],
      ['good', good],
      ['bad', bad],
    ]);
    const updates = [
      ...planStatusUpdates(desiredFor('gone'), buildSnapshot([gone])),
      invalid,
      ...planStatusUpdates(desiredFor('good'), buildSnapshot([good])),
    ];
    const c = counters();
    const written = writeStatuses({ request: requester.request, logger, counters: c, updates, cached: (u) => cached.get(u.name), now: () => '2026-11-26T08:00:00Z' });
    await expect(written).rejects.toBeInstanceOf(StatusWriteError);
    expect(c).toEqual({ statusWrites: 1, statusConflicts: 0, statusWriteFailures: 1 });
    const stored = await json<{ status?: { parents?: { controllerName: string }[] } }>(await apiFetch(api, `${ROUTES}/good`));
    expect(stored.status?.parents?.map((p) => p.controllerName)).toEqual([PORTICO_CONTROLLER_NAME]);
  });
});
