import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authenticator, Authorizer } from '@/server/auth/types';
import { createAccessRequestsRoute } from '@/server/portico-api/access-requests-route';

/**
 * What the approval does when /k8s fails half-way, against a scripted /k8s on a real HTTP
 * server: a status write that loses a race (409) takes back the grant this call created, the
 * caller's credentials are what /k8s sees, and an authorizer refusal stops before any write.
 */

const calls: { method: string; path: string; authorization?: string }[] = [];
let statusAnswer = 409;
let statusBody: { status?: Record<string, unknown> } = {};

function record(req: IncomingMessage) {
  calls.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
}

const request = {
  apiVersion: 'portico.dev/v1alpha1',
  kind: 'AccessRequest',
  metadata: { name: 'pay', namespace: 'team-a', resourceVersion: '7' },
  spec: { from: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }, to: { group: '', kind: 'Service', namespace: 'team-b', name: 'payments' }, reason: 'r' },
};

let k8s: Server;
let api: Server;
let base: string;
let allowGrants = true;

beforeAll(async () => {
  k8s = createServer((req, res) => {
    record(req);
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => answer(req, text, res));
  });
  function answer(req: IncomingMessage, text: string, res: ServerResponse) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url?.endsWith('/accessrequests/pay')) return send(200, request);
    if (req.method === 'POST' && req.url?.endsWith('/referencegrants')) return send(201, { kind: 'ReferenceGrant', metadata: { name: 'access-team-a-pay', namespace: 'team-b' } });
    if (req.method === 'PUT' && req.url?.endsWith('/status')) {
      statusBody = JSON.parse(text) as typeof statusBody;
      return statusAnswer === 200 ? send(200, request) : send(statusAnswer, { kind: 'Status', reason: 'Conflict', message: 'the object has been modified' });
    }
    if (req.method === 'DELETE') return send(200, { kind: 'Status', status: 'Success' });
    send(404, { kind: 'Status', reason: 'NotFound', message: 'not found' });
  }
  await new Promise<void>((r) => k8s.listen(0, '127.0.0.1', r));
  const k8sUrl = `http://127.0.0.1:${(k8s.address() as AddressInfo).port}/k8s`;
  const authenticator: Authenticator = { authenticate: () => ({ kind: 'authenticated', user: { username: 'chihiro', groups: [] }, via: 'token' }) };
  const authorizer: Authorizer = { authorize: ({ resource }) => ({ allowed: resource !== 'referencegrants' || allowGrants, reason: 'no rule allows it' }) };
  const handle = createAccessRequestsRoute({ authenticator, authorizer, k8sUrl: () => k8sUrl, clock: () => new Date('2026-01-02T03:04:05.678Z') });
  api = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => api.close(r));
  await new Promise((r) => k8s.close(r));
});

const approve = async () => {
  const res = await fetch(`${base}/api/access-requests/team-a/pay/approve`, { method: 'POST', headers: { authorization: 'Bearer chihiros-token', 'content-type': 'application/json' }, body: '{}' });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
};

describe('approval that fails half-way', () => {
  it('deletes the grant it created when the decision cannot be recorded', async () => {
    calls.length = 0;
    statusAnswer = 409;
    const res = await approve();
    expect(res.status).toBe(409);
    expect(res.body.error?.message).toMatch(/changed while it was being decided/);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /k8s/apis/portico.dev/v1alpha1/namespaces/team-a/accessrequests/pay',
      'POST /k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-b/referencegrants',
      'PUT /k8s/apis/portico.dev/v1alpha1/namespaces/team-a/accessrequests/pay/status',
      'DELETE /k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-b/referencegrants/access-team-a-pay',
    ]);
    // Every write carried the caller's own credentials.
    expect(new Set(calls.map((c) => c.authorization))).toEqual(new Set(['Bearer chihiros-token']));
  });

  it('records decidedAt without fractions of a second on success', async () => {
    calls.length = 0;
    statusAnswer = 200;
    expect((await approve()).status).toBe(200);
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(statusBody.status).toMatchObject({ phase: 'Approved', decidedBy: 'chihiro', decidedAt: '2026-01-02T03:04:05Z', referenceGrantName: 'access-team-a-pay' });
    expect((statusBody as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion).toBe('7');
  });

  it('refuses before writing anything when the caller may not create the grant', async () => {
    calls.length = 0;
    allowGrants = false;
    const res = await approve();
    allowGrants = true;
    expect(res.status).toBe(403);
    expect(res.body.error?.message).toMatch(/chihiro may not create referencegrants in namespace team-b/);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });
});
