import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { historyPath, type HistoryResponse, type RestoreResponse } from '@/lib/api/history';
import type { K8sObject } from '@/lib/k8s/object';
import { eventually } from '@/server/testing/eventually';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';

/**
 * History and export against a real Portico (demo users and RBAC): a change made through /k8s
 * appears in the object's history with who and a diff, restoring re-applies the old version as
 * the caller (and is recorded itself), RBAC decides both reading and restoring, controller
 * status writes stay out; exports are clean YAML of what the caller may read.
 */

const ADMIN_TOKEN = 'history-admin-token-0123456789ab';
const PASSWORD = 'history-password-0123';
const ROUTES = '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes';
const ROUTE = { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a', name: 'history-test' };

let portico: PorticoProcess;
let dataDir: string;
const sessions: Record<string, Record<string, string>> = {};

async function signIn(username: string): Promise<Record<string, string>> {
  const res = await fetch(`${portico.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', origin: portico.url };
}

async function call<T>(method: string, urlPath: string, as: Record<string, string>, body?: unknown, contentType = 'application/json') {
  const res = await fetch(`${portico.url}${urlPath}`, { method, headers: { ...as, ...(body === undefined ? {} : { 'content-type': contentType }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // YAML or text
  }
  return { status: res.status, body: parsed as T & { error?: { message: string }; message?: string }, text, headers: res.headers };
}

const history = (as: Record<string, string>) => call<HistoryResponse>('GET', historyPath(ROUTE), as);
const restore = (id: number, as: Record<string, string>) => call<RestoreResponse>('POST', `${historyPath(ROUTE)}/restore`, as, { id });
const hostnamesOf = async () => ((await call<K8sObject>('GET', `${ROUTES}/history-test`, { authorization: `Bearer ${ADMIN_TOKEN}` })).body.spec as { hostnames?: string[] } | undefined)?.hostnames;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-history-'));
  portico = await startPorticoProcess({ dataDir, env: { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN, PORTICO_DEMO: '1', PORTICO_DEMO_PASSWORD: PASSWORD } });
  sessions.ana = await signIn('ana');
  sessions.chihiro = await signIn('chihiro');
});

afterAll(async () => {
  await portico?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('object history', () => {
  it('records who changed what, restores a version as the caller, and enforces RBAC', async () => {
    const ana = sessions.ana!;
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'history-test' },
      spec: { parentRefs: [{ name: 'public', namespace: 'infra' }], hostnames: ['before.example.com'], rules: [{ backendRefs: [{ name: 'shop-v1', port: 80 }] }] },
    };
    expect((await call('POST', ROUTES, ana, route)).status).toBe(201);
    expect((await call('PATCH', `${ROUTES}/history-test`, ana, { spec: { hostnames: ['after.example.com'] } }, 'application/merge-patch+json')).status).toBe(200);
    // The controller writes status (Accepted); that is not a change of intent and stays out of the history.
    await eventually(async () => {
      const obj = (await call<K8sObject>('GET', `${ROUTES}/history-test`, ana)).body;
      return JSON.stringify(obj.status ?? {}).includes('"Accepted"') ? true : undefined;
    }, 'the route to get a status');

    const first = await history(ana);
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e) => [e.verb, e.user])).toEqual([
      ['patch', 'ana'],
      ['create', 'ana'],
    ]);
    const [patch, create] = first.body.entries as [HistoryResponse['entries'][number], HistoryResponse['entries'][number]];
    expect(patch.diff).toContainEqual({ op: 'remove', text: '    - before.example.com' });
    expect(patch.diff).toContainEqual({ op: 'add', text: '    - after.example.com' });
    expect(JSON.stringify(patch.diff)).not.toMatch(/managedFields|resourceVersion|status:/);
    expect(create.diff.every((l) => l.op === 'add')).toBe(true);

    // Chihiro may read routes but not write them: /k8s refuses the restore with its own message.
    const refused = await restore(create.id, sessions.chihiro!);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/could not restore HTTPRoute history-test: .*forbidden|could not restore/i);
    expect(await hostnamesOf()).toEqual(['after.example.com']);

    const restored = await restore(create.id, ana);
    expect(restored.status).toBe(200);
    expect(restored.body.action).toBe('updated');
    expect(await hostnamesOf()).toEqual(['before.example.com']);
    const after = await history(ana);
    expect(after.body.entries[0]).toMatchObject({ verb: 'update', user: 'ana' });
    expect(after.body.entries[0]?.diff).toContainEqual({ op: 'add', text: '    - before.example.com' });

    // A deleted object comes back with a create.
    expect((await call('DELETE', `${ROUTES}/history-test`, ana)).status).toBe(200);
    const deleted = await history(ana);
    expect(deleted.body.entries[0]?.verb).toBe('delete');
    const recreated = await restore(deleted.body.entries[0]!.id, ana);
    expect(recreated.body.action).toBe('created');
    expect(await hostnamesOf()).toEqual(['before.example.com']);
  });

  it('refuses readers without get, restores of unrelated entries, and anonymous callers', async () => {
    const ana = sessions.ana!;
    expect((await call('GET', historyPath({ ...ROUTE, namespace: 'team-b', name: 'payments' }), ana)).status).toBe(403);
    expect((await call('GET', historyPath(ROUTE), {})).status).toBe(401);
    expect((await call('GET', '/api/history/gateway.networking.k8s.io/NoSuchKind/team-a/x', ana)).status).toBe(404);
    const other = await call<HistoryResponse>('GET', historyPath(ROUTE), ana);
    const foreign = await call('POST', `${historyPath({ ...ROUTE, name: 'storefront' })}/restore`, ana, { id: other.body.entries[0]!.id });
    expect(foreign.status).toBe(404);
    expect((await call('POST', `${historyPath(ROUTE)}/restore`, { ...ana, origin: 'http://evil.example' }, { id: 1 })).status).toBe(403);
  });
});

describe('GET /api/export', () => {
  it("exports a namespace as clean YAML of what the caller may list", async () => {
    const res = await call('GET', '/api/export?namespace=team-a', sessions.ana!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/yaml');
    const docs = parseAllDocuments(res.text).map((d) => d.toJS() as K8sObject | null).filter((d): d is K8sObject => d !== null);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(expect.arrayContaining(['HTTPRoute/storefront', 'Service/shop-v1']));
    expect(res.text).not.toMatch(/resourceVersion|managedFields|creationTimestamp|uid:|^status:/m);
    expect(docs.some((d) => d.kind === 'Secret')).toBe(false);
  });

  it('exports a Gateway with its attached routes, naming only the routes the caller may read', async () => {
    const admin = await call('GET', '/api/export?gateway=infra/public', { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(admin.status).toBe(200);
    const names = parseAllDocuments(admin.text).map((d) => d.toJS() as K8sObject | null).filter((d): d is K8sObject => d !== null).map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`);
    expect(names).toEqual(expect.arrayContaining(['Gateway/infra/public', 'HTTPRoute/team-a/storefront', 'HTTPRoute/team-b/payments']));
    const ana = await call('GET', '/api/export?gateway=infra/public', sessions.ana!);
    const anaDocs = parseAllDocuments(ana.text).map((d) => d.toJS() as K8sObject | null).filter((d): d is K8sObject => d !== null);
    expect(anaDocs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`)).not.toContain('HTTPRoute/team-b/payments');
    expect(ana.text).toContain('# left out: a HTTPRoute in namespace team-b');
    expect((await call('GET', '/api/export', sessions.ana!)).status).toBe(400);
  });
});
