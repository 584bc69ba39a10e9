import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SnapshotAck } from '@/lib/ir/protocol';
import type { ProxiesResponse, ProxyInfo } from '@/lib/api/proxies';
import type { Authenticator, Authorizer, UserInfo } from '@/server/auth/types';
import { sendApiError, sendJson } from '@/server/http/json-response';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export interface ProxiesRouteDeps {
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** SnapshotPublisher's view: every proxy's latest ack, and the version published now. */
  acks: () => Map<string, SnapshotAck & { receivedAt: Date }>;
  publishedVersion: () => string | undefined;
  /** Admin API base URLs by proxy id (the bundled proxy on a fixed admin port). */
  adminUrls?: () => ReadonlyMap<string, string>;
  clock?: () => number;
}

interface AdminStats {
  requests?: { listener?: string; '1xx'?: number; '2xx'?: number; '3xx'?: number; '4xx'?: number; '5xx'?: number }[];
}

/** Totals per Gateway (`ns/name`) from the admin /stats counters, whose listener is `ns/gateway/listener`. */
function totalsByGateway(stats: AdminStats): Map<string, number> {
  const totals = new Map<string, number>();
  for (const c of stats.requests ?? []) {
    const [ns, gw] = (c.listener ?? '').split('/');
    if (!ns || !gw) continue;
    const n = (c['1xx'] ?? 0) + (c['2xx'] ?? 0) + (c['3xx'] ?? 0) + (c['4xx'] ?? 0) + (c['5xx'] ?? 0);
    totals.set(`${ns}/${gw}`, (totals.get(`${ns}/${gw}`) ?? 0) + n);
  }
  return totals;
}

async function fetchStats(url: string): Promise<AdminStats | undefined> {
  try {
    // Per-listener totals: a row per configured rule (10,000 at 10,000 routes) would be thrown away here.
    const res = await fetch(`${url}/stats?scope=listeners`, { signal: AbortSignal.timeout(1500) });
    return res.ok ? ((await res.json()) as AdminStats) : undefined;
  } catch {
    return undefined;
  }
}

/** `GET /api/proxies` (contract in lib/api/proxies.ts). */
export function createProxiesRoute(deps: ProxiesRouteDeps) {
  const clock = deps.clock ?? (() => Date.now());
  // The previous reading per proxy and Gateway: rates are measured between two calls.
  const previous = new Map<string, { at: number; total: number }>();

  const rate = (key: string, total: number, now: number): number | null => {
    const before = previous.get(key);
    previous.set(key, { at: now, total });
    if (!before || now <= before.at || total < before.total) return null;
    return Math.round(((total - before.total) / ((now - before.at) / 1000)) * 100) / 100;
  };

  return async function handleProxies(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendApiError(res, 405, 'MethodNotAllowed', `${req.method ?? ''} is not allowed on /api/proxies`);
    }
    const auth = deps.authenticator.authenticate(req);
    if (auth.kind !== 'authenticated') return sendApiError(res, 401, 'Unauthorized', auth.kind === 'rejected' ? auth.reason : 'Sign in first');
    const user: UserInfo = auth.user;
    const decision = deps.authorizer.authorize({ user, verb: 'list', apiGroup: GATEWAY_GROUP, resource: 'gatewayclasses' });
    if (!decision.allowed) return sendApiError(res, 403, 'Forbidden', `${user.username} may not list gatewayclasses, which the proxies view needs: ${decision.reason}`);

    const published = deps.publishedVersion();
    const acks = deps.acks();
    const adminUrls = deps.adminUrls?.() ?? new Map<string, string>();
    const ids = [...new Set([...acks.keys(), ...adminUrls.keys()])].sort();
    const now = clock();
    const proxies = await Promise.all(
      ids.map(async (id): Promise<ProxyInfo> => {
        const ack = acks.get(id);
        const adminUrl = adminUrls.get(id);
        const stats = adminUrl ? await fetchStats(adminUrl) : undefined;
        const byGateway = stats ? totalsByGateway(stats) : new Map<string, number>();
        const total = stats ? [...byGateway.values()].reduce((a, b) => a + b, 0) : null;
        const gateways = [...byGateway]
          .map(([key, n]) => {
            const [namespace, name] = key.split('/') as [string, string];
            return { namespace, name, requestsTotal: n, requestsPerSecond: rate(`${id}|${key}`, n, now) };
          })
          .filter((g) => deps.authorizer.authorize({ user, verb: 'get', apiGroup: GATEWAY_GROUP, resource: 'gateways', namespace: g.namespace, name: g.name }).allowed)
          .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
        const applied = ack?.activeVersion ?? (ack?.accepted ? ack.version : null) ?? null;
        return {
          id,
          connected: adminUrl ? stats !== undefined : null,
          lastAckAt: ack ? ack.receivedAt.toISOString() : null,
          appliedVersion: applied,
          upToDate: applied !== null && applied === published,
          ...(ack && !ack.accepted && ack.reason ? { rejectedReason: ack.reason } : {}),
          listeners: (ack?.listeners ?? []).map((l) => ({ ...l })),
          requestsTotal: total,
          requestsPerSecond: total === null ? null : rate(id, total, now),
          gateways,
        };
      }),
    );
    sendJson(res, 200, { publishedVersion: published ?? null, proxies } satisfies ProxiesResponse);
  };
}
