import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyModelSchema, trafficResponseSchema, type TopologyModel, type TrafficResponse } from '@/lib/api/topology';
import type { K8sObject } from '@/lib/k8s/object';
import { freeListenerOffset } from '@/server/testing/free-listener-offset';
import { eventually } from '@/server/testing/eventually';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';

/**
 * GET /api/topology and /api/traffic against a real `portico start` with the demo and the
 * bundled proxy (ephemeral admin port, learnt from its acks): the demo chain, the broken /pay
 * reference turning into a Service edge once a ReferenceGrant exists, RBAC placeholders for ana,
 * and live traffic with the 80/20 split through the proxy.
 */

const ADMIN_TOKEN = 'topology-int-admin-token-0123456789';
const PASSWORD = 'topology-int-password-0123';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SHOP = 'shop.demo.portico.local';
const SPLIT_RULE = 'HTTPRoute/team-a/storefront/3';

let portico: PorticoProcess;
let dataDir: string;
let offset: number;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-topology-'));
  offset = await freeListenerOffset();
  portico = await startPorticoProcess({
    dataDir,
    env: {
      PORTICO_ADMIN_TOKEN: ADMIN_TOKEN,
      PORTICO_DEMO: '1',
      PORTICO_DEMO_PASSWORD: PASSWORD,
      PORTICO_PROXY: '1',
      PORTICO_LISTENER_PORT_OFFSET: String(offset),
      PORTICO_PROXY_ADMIN_PORT: '0',
    },
  });
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await portico?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function topology(headers: Record<string, string>, query = ''): Promise<TopologyModel> {
  const res = await fetch(`${portico.url}/api/topology${query}`, { headers });
  if (res.status !== 200) throw new Error(`GET /api/topology${query}: ${res.status} ${await res.text()}`);
  return topologyModelSchema.parse(await res.json());
}

async function traffic(headers: Record<string, string>): Promise<TrafficResponse> {
  const res = await fetch(`${portico.url}/api/traffic`, { headers });
  if (res.status !== 200) throw new Error(`GET /api/traffic: ${res.status}`);
  return trafficResponseSchema.parse(await res.json());
}

async function signIn(username: string): Promise<Record<string, string>> {
  const res = await fetch(`${portico.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: portico.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

const payEdge = (model: TopologyModel) => model.edges.find((e) => e.source === 'rule:HTTPRoute/team-a/storefront/2' && e.kind === 'backend');

/** One request to the demo Gateway's HTTP listener, at the address it reports. */
function shopRequest(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: 80 + offset, path: '/', headers: { host: SHOP }, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/topology', () => {
  it('refuses callers without a session or token, and bad filters', async () => {
    expect((await fetch(`${portico.url}/api/topology`)).status).toBe(401);
    expect((await fetch(`${portico.url}/api/traffic`)).status).toBe(401);
    expect((await fetch(`${portico.url}/api/topology?gateway=nope`, { headers: admin })).status).toBe(400);
    expect((await fetch(`${portico.url}/api/topology/else`, { headers: admin })).status).toBe(404);
  });

  it('draws the demo chain with the refused /pay reference as a Missing node', async () => {
    const model = await eventually(async () => {
      const m = await topology(admin);
      return m.ready && payEdge(m) ? m : undefined;
    }, 'the first reconcile');
    const ids = model.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['gc:portico', 'gw:infra/public', 'ls:infra/public/http', 'rt:HTTPRoute/team-a/storefront', 'svc:team-a/shop-v1', 'svc:team-a/shop-v2']));
    expect(payEdge(model)).toMatchObject({ status: 'error', reason: 'RefNotPermitted', target: 'missing:HTTPRoute/team-a/storefront/2/b0' });
    expect(model.namespaces).toEqual(['infra', 'team-a', 'team-b']);
  });

  it('shows ana only what she may read, the rest as counted placeholders', async () => {
    const ana = await signIn('ana');
    const model = await topology(ana);
    const hidden = model.nodes.filter((n) => n.kind === 'Hidden').map((n) => n.label);
    expect(hidden).toEqual(['1 hidden object (cluster-scoped)', '2 hidden objects in namespace team-b']);
    const json = JSON.stringify(model);
    expect(json).not.toContain('rt:HTTPRoute/team-b/payments');
    expect(json).not.toContain('pay.demo.portico.local');
    expect(model.nodes.map((n) => n.id)).toContain('rt:HTTPRoute/team-a/storefront');
    // Her traffic view holds only her routes' rules.
    const t = await traffic(ana);
    expect(Object.keys(t.rules).every((rule) => rule.startsWith('HTTPRoute/team-a/'))).toBe(true);
  });

  it('turns the /pay edge into a Service edge once team-b grants the reference', async () => {
    const grant: K8sObject = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'storefront-payments', namespace: 'team-b' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service', name: 'payments' }] },
    };
    const res = await fetch(`${portico.url}/k8s/apis/gateway.networking.k8s.io/v1beta1/namespaces/team-b/referencegrants`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify(grant),
    });
    expect(res.status).toBe(201);
    const model = await eventually(async () => {
      const m = await topology(admin);
      return payEdge(m)?.status === 'accepted' ? m : undefined;
    }, 'the /pay edge to turn accepted');
    expect(payEdge(model)?.target).toBe('svc:team-b/payments');
    expect(model.edges).toContainEqual(expect.objectContaining({ kind: 'grant', source: 'rg:team-b/storefront-payments', target: 'svc:team-b/payments' }));
    // Filters: only team-a, and nothing at all for an unknown Gateway.
    const teamA = await topology(admin, '?namespace=team-a');
    expect(new Set(teamA.nodes.map((n) => n.namespace))).toEqual(new Set(['team-a']));
    expect((await topology(admin, '?gateway=infra/none')).nodes).toEqual([]);
  });
});

describe('GET /api/traffic', () => {
  it('reports the rate and the 80/20 split of requests sent through the proxy', async () => {
    const gateway = await eventually(async () => {
      const res = await fetch(`${portico.url}/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/public`, { headers: admin });
      const g = (await res.json()) as K8sObject & { status?: { addresses?: { value: string }[] } };
      return g.status?.addresses?.[0]?.value;
    }, 'the Gateway address');
    await eventually(async () => ((await shopRequest(gateway)) === 200 ? true : undefined), 'the shop to answer');
    await traffic(admin); // starts sampling
    for (let i = 0; i < 600; i++) expect(await shopRequest(gateway)).toBe(200);
    const t = await eventually(async () => {
      const r = await traffic(admin);
      const v1 = r.backends[`${SPLIT_RULE}|team-a/shop-v1:80`];
      return r.available && (r.rules[SPLIT_RULE]?.rps ?? 0) > 0 && (v1?.requests ?? 0) >= 400 ? r : undefined;
    }, 'traffic numbers for the split rule');
    const v1 = t.backends[`${SPLIT_RULE}|team-a/shop-v1:80`]!;
    const v2 = t.backends[`${SPLIT_RULE}|team-a/shop-v2:80`]!;
    expect(v1.share! * 100).toBeGreaterThan(72);
    expect(v1.share! * 100).toBeLessThan(88);
    expect(v1.share! + v2.share!).toBeCloseTo(1);
    expect(t.rules[SPLIT_RULE]?.errorRate).toBe(0);
    expect(t.rules[SPLIT_RULE]?.p99Ms).toBeGreaterThan(0);
  }, 60_000);
});
