import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxiesResponse } from '@/lib/api/proxies';
import type { Authenticator, Authorizer } from '@/server/auth/types';
import { createProxiesRoute } from '@/server/portico-api/proxies-route';

/**
 * GET /api/proxies on a real HTTP server, with a fake proxy admin API serving /stats: acks
 * become applied versions, counters become per-Gateway totals and rates between two calls,
 * and Gateways the caller may not get are left out.
 */

const authenticator: Authenticator = {
  authenticate: (req) => {
    const user = req.headers.authorization?.replace('Bearer ', '');
    return user ? { kind: 'authenticated', user: { username: user, groups: [] }, via: 'token' } : { kind: 'anonymous' };
  },
};
const authorizer: Authorizer = {
  authorize: ({ user, resource, namespace }) => {
    const allowed = user.username === 'ian' ? resource === 'gatewayclasses' || namespace === 'infra' : false;
    return { allowed, reason: allowed ? 'ok' : 'no rule allows it' };
  },
};

let counts = { infra: 10, secret: 5 };
let admin: Server;
let api: Server;
let base: string;
let now = 1_000_000;

beforeAll(async () => {
  admin = createServer((_req, res) => {
    res.end(JSON.stringify({ requests: [
      { listener: 'infra/public/http', '2xx': counts.infra, '5xx': 0 },
      { listener: 'team-x/hidden/http', '2xx': counts.secret },
      { listener: '', '4xx': 3 },
    ] }));
  });
  await new Promise<void>((r) => admin.listen(0, '127.0.0.1', r));
  const adminUrl = `http://127.0.0.1:${(admin.address() as AddressInfo).port}`;
  const handle = createProxiesRoute({
    authenticator,
    authorizer,
    acks: () => new Map([['embedded', { version: 'v2', accepted: true, activeVersion: 'v2', listeners: [{ name: 'infra/public/http', bound: true, address: '127.0.0.1:8080' }], receivedAt: new Date(0) }]]),
    publishedVersion: () => 'v2',
    adminUrls: () => new Map([['embedded', adminUrl]]),
    clock: () => now,
  });
  api = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => api.close(r));
  await new Promise((r) => admin.close(r));
});

const get = async (user?: string) => {
  const res = await fetch(`${base}/api/proxies`, { headers: user ? { authorization: `Bearer ${user}` } : {} });
  return { status: res.status, body: (await res.json()) as ProxiesResponse };
};

describe('GET /api/proxies', () => {
  it('refuses anonymous and unauthorized callers', async () => {
    expect((await get()).status).toBe(401);
    expect((await get('ana')).status).toBe(403);
  });

  it('reports connection, applied version, and request rates between two calls', async () => {
    const first = await get('ian');
    expect(first.status).toBe(200);
    const [proxy] = first.body.proxies;
    expect(proxy).toMatchObject({ id: 'embedded', connected: true, appliedVersion: 'v2', upToDate: true, requestsTotal: 15, requestsPerSecond: null });
    expect(proxy?.gateways).toEqual([{ namespace: 'infra', name: 'public', requestsTotal: 10, requestsPerSecond: null }]);

    counts = { infra: 30, secret: 5 };
    now += 2000;
    const second = (await get('ian')).body.proxies[0];
    expect(second?.requestsPerSecond).toBe(10);
    expect(second?.gateways[0]?.requestsPerSecond).toBe(10);
  });
});
