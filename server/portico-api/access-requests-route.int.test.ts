import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@/server/testing/eventually';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';

/**
 * The access-request decisions against a real `portico start` process with the demo world:
 * sessions from the real sign-in, writes made as the signed-in user (RBAC decides), the
 * narrowest grant, the decision recorded in status, idempotent retries and clear refusals,
 * and the controller turning the demo route's cross-namespace reference ResolvedRefs=True.
 */

const PASSWORD = 'access-requests-password-01';
const ADMIN = 'access-requests-admin-token-0123456789';
const PORTICO = '/k8s/apis/portico.dev/v1alpha1';
const GW = '/k8s/apis/gateway.networking.k8s.io/v1';
let portico: PorticoProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'portico-access-requests-'));
  portico = await startPorticoProcess({ dataDir, env: { PORTICO_DEMO_PASSWORD: PASSWORD, PORTICO_ADMIN_TOKEN: ADMIN } });
}, 90_000);

afterAll(async () => {
  await portico?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Headers = Record<string, string>;
type Body = {
  error?: { code: string; message: string; causes?: { field: string }[] };
  accessRequest?: { status?: Record<string, unknown> };
  referenceGrant?: { metadata: { name: string; namespace: string }; spec: unknown };
  status?: Record<string, unknown>;
  spec?: unknown;
  metadata?: { name?: string; annotations?: Record<string, string> };
};

async function signIn(username: string): Promise<Headers> {
  const res = await fetch(`${portico.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: portico.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, origin: portico.url, 'content-type': 'application/json' };
}

const admin: Headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

async function call(method: string, url: string, headers: Headers, body?: unknown): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${portico.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body };
}

const accessRequest = (name: string, to: Record<string, string> = { group: '', kind: 'Service', namespace: 'team-b', name: 'payments' }) => ({
  apiVersion: 'portico.dev/v1alpha1',
  kind: 'AccessRequest',
  metadata: { name, namespace: 'team-a' },
  spec: { from: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }, to, reason: 'storefront /pay needs the payments service' },
});

const storefrontResolvedRefs = async () => {
  const route = await call('GET', `${GW}/namespaces/team-a/httproutes/storefront`, admin);
  const parents = (route.body.status as { parents?: { conditions?: { type: string; status: string; reason: string }[] }[] } | undefined)?.parents ?? [];
  return parents[0]?.conditions?.find((c) => c.type === 'ResolvedRefs');
};

describe('access requests: approve and deny as the signed-in user', () => {
  let ana: Headers;
  let chihiro: Headers;

  beforeAll(async () => {
    ana = await signIn('ana');
    chihiro = await signIn('chihiro');
  });

  it('approves: the narrowest ReferenceGrant, the decision in status, and the route resolves', async () => {
    expect((await eventually(async () => ((await storefrontResolvedRefs())?.reason === 'RefNotPermitted' ? true : undefined), 'storefront RefNotPermitted')) as boolean).toBe(true);
    expect((await call('POST', `${PORTICO}/namespaces/team-a/accessrequests`, ana, accessRequest('pay'))).status).toBe(201);

    // Ana may ask but not decide: she has no accessrequests/status and no referencegrants create.
    const self = await call('POST', '/api/access-requests/team-a/pay/approve', ana, {});
    expect(self.status).toBe(403);
    expect(self.body.error?.message).toMatch(/ana may not update accessrequests\/status in namespace team-a/);

    const approved = await call('POST', '/api/access-requests/team-a/pay/approve', chihiro, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.accessRequest?.status).toMatchObject({ phase: 'Approved', decidedBy: 'chihiro', referenceGrantName: 'access-team-a-pay' });
    expect(approved.body.accessRequest?.status?.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const grant = await call('GET', `${GW}/namespaces/team-b/referencegrants/access-team-a-pay`, admin);
    expect(grant.status).toBe(200);
    expect(grant.body.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }],
      to: [{ group: '', kind: 'Service', name: 'payments' }],
    });
    // Written as chihiro, not as some privileged component.
    const managers = (grant.body.metadata as { managedFields?: { manager?: string }[] } | undefined)?.managedFields ?? [];
    expect(managers.length).toBeGreaterThan(0);

    const stored = await call('GET', `${PORTICO}/namespaces/team-a/accessrequests/pay`, ana);
    expect(stored.body.status).toMatchObject({ phase: 'Approved', decidedBy: 'chihiro' });
    expect(String(stored.body.status?.message)).toContain('Service team-b/payments');

    const resolved = await eventually(async () => ((await storefrontResolvedRefs())?.status === 'True' ? true : undefined), 'storefront ResolvedRefs=True');
    expect(resolved).toBe(true);
  });

  it('refuses a second decision with 409 AlreadyDecided naming who decided', async () => {
    for (const [decision, body] of [['approve', {}], ['deny', { reason: 'changed my mind' }]] as const) {
      const again = await call('POST', `/api/access-requests/team-a/pay/${decision}`, chihiro, body);
      expect(again.status).toBe(409);
      expect(again.body.error?.code).toBe('AlreadyDecided');
      expect(again.body.error?.message).toMatch(/already approved by chihiro/);
    }
  });

  it('denies with a reason the requester sees; a reason is required', async () => {
    expect((await call('POST', `${PORTICO}/namespaces/team-a/accessrequests`, ana, accessRequest('everything', { group: '', kind: 'Service', namespace: 'team-b' }))).status).toBe(201);
    const empty = await call('POST', '/api/access-requests/team-a/everything/deny', chihiro, { reason: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.body.error?.causes?.[0]?.field).toBe('reason');

    const denied = await call('POST', '/api/access-requests/team-a/everything/deny', chihiro, { reason: 'ask for one Service, not all of team-b' });
    expect(denied.status).toBe(200);
    const seen = await call('GET', `${PORTICO}/namespaces/team-a/accessrequests/everything`, ana);
    expect(seen.body.status).toMatchObject({ phase: 'Denied', decidedBy: 'chihiro', message: 'ask for one Service, not all of team-b' });
    expect(seen.body.status?.referenceGrantName).toBeUndefined();
  });

  it('a retried approval reuses the grant it already made; a foreign grant of that name is a 409', async () => {
    expect((await call('POST', `${PORTICO}/namespaces/team-a/accessrequests`, ana, accessRequest('retry'))).status).toBe(201);
    // As if an earlier approval created the grant and then failed before recording the decision.
    const made = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'access-team-a-retry', namespace: 'team-b', annotations: { 'portico.dev/access-request': 'team-a/retry' } },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service', name: 'payments' }] },
    };
    expect((await call('POST', `${GW}/namespaces/team-b/referencegrants`, admin, made)).status).toBe(201);
    const retried = await call('POST', '/api/access-requests/team-a/retry/approve', chihiro, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.referenceGrant?.metadata.name).toBe('access-team-a-retry');

    expect((await call('POST', `${PORTICO}/namespaces/team-a/accessrequests`, ana, accessRequest('taken'))).status).toBe(201);
    const foreign = { ...made, metadata: { name: 'access-team-a-taken', namespace: 'team-b' } };
    expect((await call('POST', `${GW}/namespaces/team-b/referencegrants`, admin, foreign)).status).toBe(201);
    const clash = await call('POST', '/api/access-requests/team-a/taken/approve', chihiro, {});
    expect(clash.status).toBe(409);
    expect(clash.body.error?.code).toBe('AlreadyExists');
    const still = await call('GET', `${PORTICO}/namespaces/team-a/accessrequests/taken`, ana);
    expect(still.body.status?.phase ?? 'Pending').toBe('Pending');
  });

  it('answers 404, 401, 405 and refuses a cross-site cookie request', async () => {
    expect((await call('POST', '/api/access-requests/team-a/missing/approve', chihiro, {})).status).toBe(404);
    expect((await call('POST', '/api/access-requests/team-a/pay/approve', { 'content-type': 'application/json' }, {})).status).toBe(401);
    expect((await call('GET', '/api/access-requests/team-a/pay/approve', chihiro)).status).toBe(405);
    expect((await call('POST', '/api/access-requests/team-a/pay/promote', chihiro, {})).status).toBe(404);
    const crossSite = await call('POST', '/api/access-requests/team-a/retry/deny', { ...chihiro, origin: 'https://evil.example' }, { reason: 'x' });
    expect(crossSite.status).toBe(403);
  });
});

describe('reference-grant impact', () => {
  it('lists the routes a grant enables and which would break if it were deleted', async () => {
    const chihiro = await signIn('chihiro');
    const impact = await eventually(async () => {
      const res = await call('GET', '/api/reference-grants/team-b/access-team-a-pay/impact', chihiro);
      return res.status === 200 ? res.body : undefined;
    }, 'impact of the approved grant');
    const enabled = (impact as unknown as { enabled: { kind: string; namespace: string; name?: string }[]; breaksIfDeleted: unknown[] }).enabled;
    expect(enabled).toEqual([
      { kind: 'HTTPRoute', namespace: 'team-a', name: 'storefront', references: [{ group: '', kind: 'Service', namespace: 'team-b', name: 'payments', field: 'spec.rules[2].backendRefs[0]' }] },
    ]);
    // Two grants (pay, retry) now permit the same reference: deleting one breaks nothing.
    expect((impact as unknown as { breaksIfDeleted: unknown[] }).breaksIfDeleted).toEqual([]);

    const ana = await signIn('ana');
    expect((await call('GET', '/api/reference-grants/team-b/access-team-a-pay/impact', ana)).status).toBe(403);
  });
});

describe('gateway impact, proposed grants and proxies', () => {
  it('previews which routes a Gateway edit detaches, for callers who may edit Gateways', async () => {
    const chihiro = await signIn('chihiro');
    const gateway = await call('GET', `${GW}/namespaces/infra/gateways/public`, admin);
    const spec = gateway.body.spec as { listeners: { allowedRoutes?: unknown }[] };
    const narrowed = { ...gateway.body, spec: { ...spec, listeners: spec.listeners.map((l) => ({ ...l, allowedRoutes: { namespaces: { from: 'Same' } } })) } };
    const impact = await call('POST', '/api/gateways/impact', chihiro, narrowed);
    expect(impact.status, JSON.stringify(impact.body)).toBe(200);
    const detached = (impact.body as unknown as { detached: { namespace: string; name?: string; fully: boolean }[] }).detached;
    expect(detached.map((d) => `${d.namespace}/${d.name}:${d.fully}`)).toEqual(['team-a/storefront:true', 'team-b/payments:true']);

    const unchanged = await call('POST', '/api/gateways/impact', chihiro, gateway.body);
    expect((unchanged.body as unknown as { detached: unknown[] }).detached).toEqual([]);

    const ana = await signIn('ana');
    expect((await call('POST', '/api/gateways/impact', ana, narrowed)).status).toBe(403);
    expect((await call('POST', '/api/gateways/impact', chihiro, { kind: 'Gateway' })).status).toBe(422);
  });

  it('previews what a proposed ReferenceGrant would enable', async () => {
    const chihiro = await signIn('chihiro');
    const proposed = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'preview', namespace: 'team-b' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service' }] },
    };
    const impact = await call('POST', '/api/reference-grants/impact', chihiro, proposed);
    expect(impact.status).toBe(200);
    expect((impact.body as unknown as { enabled: { name?: string }[] }).enabled.map((e) => e.name)).toEqual(['storefront']);
  });

  it('lists proxies for the infrastructure view only', async () => {
    const ian = await signIn('ian');
    const proxies = await call('GET', '/api/proxies', ian);
    expect(proxies.status).toBe(200);
    // This process runs without the bundled proxy: nothing connected, nothing published to it.
    expect(proxies.body).toMatchObject({ proxies: [] });
    expect((await call('GET', '/api/proxies', await signIn('ana'))).status).toBe(403);
  });
});
