import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ListenerBinding } from '@/lib/ir/protocol';
import { redactSnapshot } from '@/lib/ir/redact-snapshot';
import { type RoutingSnapshot } from '@/lib/ir/snapshot';
import { jsonPieces } from '@/server/proxy/json-pieces';
import { LATENCY_BUCKETS_MS, type ProxyStats, type RequestCounter } from '@/server/proxy/proxy-stats';
import { type ProcessMemory, renderMetricsChunks } from '@/server/proxy/render-metrics';
import { streamChunks } from '@/server/proxy/stream-chunks';

export interface AdminSource {
  readonly proxyId: string;
  readonly stats: ProxyStats;
  activeSnapshot(): RoutingSnapshot | undefined;
  listeners(): ListenerBinding[];
}

/**
 * The proxy admin endpoints (DESIGN contract): `/ready`, `/stats` (JSON; `?scope=listeners` for
 * per-listener totals instead of a row per configured rule and backend; `?scope=series` for the
 * series that saw traffic, with their latency histograms), `/metrics` (Prometheus),
 * `/config_dump` (private keys redacted). Bound to loopback by default.
 *
 * With 10,000 configured rules a full `/stats` is 2.4 MB, `/metrics` 15 MB and `/config_dump`
 * several MB: each is walked, rendered and written a piece per turn of the event loop
 * (streamChunks), so traffic keeps flowing; pollers read a scope instead.
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
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        if (req.method === 'HEAD') return res.end();
        // ?scope=listeners: one row per listener (totals); ?scope=series: only the series that exist, and their latency.
        const scope = new URLSearchParams(query).get('scope');
        const series = scope === 'series' ? source.stats.series() : undefined;
        const rows: Iterable<RequestCounter | ListenerTotal> = scope === 'listeners' ? source.stats.listenerTotals() : (series ?? source.stats.reportRows(snapshot?.listeners)).counters;
        return streamChunks(
          res,
          jsonPieces({
            proxyId: source.proxyId,
            activeVersion: snapshot?.version ?? null,
            listeners: source.listeners(),
            memory: processMemory(),
            ...(series === undefined ? {} : { latency: { boundsMs: LATENCY_BUCKETS_MS, rules: series.histograms.map(({ rule, buckets, sum, count }) => ({ rule, buckets, sumMs: sum, count })) } }),
            // Read as the pieces are written: the report is walked a piece at a time.
            requests: mapRows(rows, requestRow),
          }),
        );
      }
      case '/metrics': {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
        if (req.method === 'HEAD') return res.end();
        return streamChunks(res, renderMetricsChunks(source.stats.reportRows(snapshot?.listeners), snapshot?.version, processMemory()));
      }
      case '/config_dump':
        if (!snapshot) return json(503, { message: 'no routing snapshot yet' });
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return req.method === 'HEAD' ? res.end() : streamChunks(res, jsonPieces(redactSnapshot(snapshot)));
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

type ListenerTotal = ReturnType<ProxyStats['listenerTotals']>[number];

/** One `requests` row of /stats. */
function requestRow(c: RequestCounter | ListenerTotal): Record<string, unknown> {
  const byClass = c.byClass; // a series makes this array on each read
  return {
    listener: c.listener,
    ...('rule' in c ? { rule: c.rule, backend: c.backend } : {}),
    '1xx': byClass[1],
    '2xx': byClass[2],
    '3xx': byClass[3],
    '4xx': byClass[4],
    '5xx': byClass[5],
  };
}

function* mapRows<T, U>(rows: Iterable<T>, map: (row: T) => U): Generator<U> {
  for (const row of rows) yield map(row);
}

/** What the proxy process holds (console: proxy health; benchmarks: memory at 10,000 routes). */
function processMemory(): ProcessMemory {
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external };
}
