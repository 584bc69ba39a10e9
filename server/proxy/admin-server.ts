import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ListenerBinding } from '@/lib/ir/protocol';
import { redactSnapshot } from '@/lib/ir/redact-snapshot';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { type ProxyStats } from '@/server/proxy/proxy-stats';
import { type ProcessMemory, renderMetrics } from '@/server/proxy/render-metrics';

export interface AdminSource {
  readonly proxyId: string;
  readonly stats: ProxyStats;
  activeSnapshot(): RoutingSnapshot | undefined;
  listeners(): ListenerBinding[];
}

/**
 * The proxy admin endpoints (DESIGN contract): `/ready`, `/stats` (JSON; `?scope=listeners` for
 * per-listener totals instead of a row per configured rule and backend), `/metrics`
 * (Prometheus), `/config_dump` (private keys redacted). Bound to loopback by default.
 */
export async function startAdminServer(host: string, port: number, source: AdminSource): Promise<{ server: Server; url: string }> {
  // Retirement checks between scrapes compare the series with the config this admin reports.
  source.stats.trackConfig(() => source.activeSnapshot()?.listeners);
  const server = createServer((req, res) => {
    const [path, query] = (req.url ?? '/').split('?');
    const snapshot = source.activeSnapshot();
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, value: unknown): void => send(status, 'application/json', JSON.stringify(value));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    switch (path) {
      case '/ready':
        return snapshot ? send(200, 'text/plain', 'ready\n') : send(503, 'text/plain', 'no routing snapshot yet\n');
      case '/stats': {
        // ?scope=listeners: one row per listener (totals), for callers that need no per-rule rows.
        const perListener = new URLSearchParams(query).get('scope') === 'listeners';
        const rows = perListener ? source.stats.listenerTotals() : source.stats.report(snapshot?.listeners).counters;
        return json(200, {
          proxyId: source.proxyId,
          activeVersion: snapshot?.version ?? null,
          listeners: source.listeners(),
          memory: processMemory(),
          requests: rows.map((c) => ({
            listener: c.listener,
            ...('rule' in c ? { rule: c.rule, backend: c.backend } : {}),
            '1xx': c.byClass[1],
            '2xx': c.byClass[2],
            '3xx': c.byClass[3],
            '4xx': c.byClass[4],
            '5xx': c.byClass[5],
          })),
        });
      }
      case '/metrics':
        return send(200, 'text/plain; version=0.0.4; charset=utf-8', renderMetrics(source.stats.report(snapshot?.listeners), snapshot?.version, processMemory()));
      case '/config_dump':
        return snapshot ? json(200, redactSnapshot(snapshot)) : json(503, { message: 'no routing snapshot yet' });
      default:
        return send(404, 'text/plain', 'not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${shownHost}:${address.port}` };
}

/** What the proxy process holds (console: proxy health; benchmarks: memory at 10,000 routes). */
function processMemory(): ProcessMemory {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external };
}
