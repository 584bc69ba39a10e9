import { hostname } from 'node:os';
import { createSnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import { type ListenerBinding, type SnapshotAck } from '@/lib/ir/protocol';
import { type Logger } from '@/server/observability/logger';
import { startAdminServer } from '@/server/proxy/admin-server';
import { checkSnapshotDeltaSteps, checkSnapshotSteps } from '@/server/proxy/check-snapshot-in-place';
import { type ActiveConfig, compileConfigSteps, type ConfigUpdate, createCompileContext } from '@/server/proxy/compile-config';
import { EndpointRefs } from '@/server/proxy/endpoint-refs';
import { ListenerSockets } from '@/server/proxy/listener-sockets';
import { ProxyStats } from '@/server/proxy/proxy-stats';
import { runSliced } from '@/server/proxy/run-sliced';
import { type SnapshotFeed } from '@/server/proxy/snapshot-feed';
import { UpstreamPools } from '@/server/proxy/upstream-pools';

export interface ProxyOptions {
  feed: SnapshotFeed;
  /** Listener port p is served on p + offset (DESIGN: PORTICO_LISTENER_PORT_OFFSET), default 8000. */
  portOffset?: number;
  adminHost?: string;
  /** Default 9901; 0 picks a free port (tests). */
  adminPort?: number;
  logger: Logger;
  /** Stable id reported in acks, default `<hostname>/<pid>`. */
  proxyId?: string;
}

export interface RunningProxy {
  /** e.g. `http://127.0.0.1:9901` */
  readonly adminUrl: string;
  /** Bind state of every listener of the active snapshot. */
  boundListeners(): ListenerBinding[];
  activeVersion(): string | undefined;
  /**
   * Checks, compiles and swaps in a snapshot (or a SnapshotDelta against the active version:
   * unchanged rules and routes keep their compiled form), then waits for its listener sockets to bind: the
   * ack reports real bind results. The same function the feed is given; never rejects.
   */
  apply(raw: unknown): Promise<SnapshotAck>;
  stop(): Promise<void>;
}

/** The version a received snapshot or delta says it is, '' when it says none. */
function versionOf(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && typeof (raw as { version?: unknown }).version === 'string' ? (raw as { version: string }).version : '';
}

/** A SnapshotDelta (it names the version it applies to) rather than a full snapshot. */
function isDelta(raw: unknown): raw is { baseVersion: unknown; version?: unknown } {
  return typeof raw === 'object' && raw !== null && 'baseVersion' in raw;
}

/**
 * The data plane: receives snapshots from the feed, serves them on the listener ports, and
 * reports on the admin port. A rejected snapshot never replaces the last good one.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const logger = options.logger;
  const proxyId = options.proxyId ?? `${hostname()}/${process.pid}`;
  const stats = new ProxyStats();
  const pools = new UpstreamPools();
  const compileContext = createCompileContext(pools, stats);
  const hashCache = createSnapshotHashCache();
  const endpoints = new EndpointRefs();
  let active: ActiveConfig | undefined;
  const sockets = new ListenerSockets({
    portOffset: options.portOffset ?? 8000,
    activeConfig: () => active,
    logger,
  });
  const boundListeners = (): ListenerBinding[] => (active ? sockets.bindings(active.snapshot) : []);
  // Set once the admin server listens (before the feed starts); acks report it, since the port may be ephemeral.
  const reported: { adminUrl?: string } = {};

  const rejected = (version: string, reason: string): SnapshotAck => {
    logger.warn({ version, reason, activeVersion: active?.snapshot.version }, 'proxy rejected snapshot');
    const ack: SnapshotAck = { version, accepted: false, reason, proxyId, listeners: boundListeners(), ...(reported.adminUrl ? { adminUrl: reported.adminUrl } : {}) };
    if (active) ack.activeVersion = active.snapshot.version;
    return ack;
  };

  /**
   * Check, compile, swap by reference, then bind; the ack carries the bind results. One apply
   * at a time: checking and compiling run sliced (traffic is served between slices), so a
   * second apply must not start against a config the first is about to replace.
   */
  let applying: Promise<unknown> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  const apply = (raw: unknown): Promise<SnapshotAck> => {
    if (stopping !== undefined) return Promise.resolve(rejected(versionOf(raw), 'the proxy is stopping'));
    const run = applying.then(() => applySafely(raw));
    applying = run;
    return run;
  };
  const applySafely = async (raw: unknown): Promise<SnapshotAck> => {
    try {
      return await applyChecked(raw);
    } catch (err) {
      // A programmer error must not kill the proxy or the feed: reject, keep the last good one.
      return rejected(versionOf(raw), `the proxy failed to apply the snapshot: ${(err as Error).message}`);
    }
  };
  const applyChecked = async (raw: unknown): Promise<SnapshotAck> => {
    const base = active?.snapshot;
    const check = !isDelta(raw)
      ? await runSliced(checkSnapshotSteps(raw, hashCache))
      : base !== undefined && base.version === raw.baseVersion
        ? await runSliced(checkSnapshotDeltaSteps(raw, base, hashCache))
        : ({ ok: false, version: versionOf(raw), reason: `delta base ${String(raw.baseVersion)} is not the active version ${base?.version ?? '(none)'}; send the full snapshot` } as const);
    if (!check.ok) return rejected(check.version, check.reason);
    const snapshot = check.snapshot;
    if (active?.snapshot.version !== snapshot.version) {
      let update: ConfigUpdate;
      try {
        // Against the active config: what a delta left unchanged is reused, not rebuilt or copied.
        update = await runSliced(compileConfigSteps(snapshot, compileContext, active));
      } catch (err) {
        return rejected(snapshot.version, `snapshot does not compile: ${(err as Error).message}`);
      }
      active = update.config;
      endpoints.update(update.entered, update.left);
      // Every time, not only when an endpoint was released: a rejected compile may have opened pools too.
      pools.retain(endpoints.inUse);
      logger.info({ version: snapshot.version, listeners: snapshot.listeners.length }, 'proxy applied snapshot');
    }
    await sockets.reconcile(active.snapshot);
    return { version: snapshot.version, accepted: true, proxyId, activeVersion: snapshot.version, listeners: boundListeners(), ...(reported.adminUrl ? { adminUrl: reported.adminUrl } : {}) };
  };

  const admin = await startAdminServer(options.adminHost ?? '127.0.0.1', options.adminPort ?? 9901, {
    proxyId,
    stats,
    activeSnapshot: () => active?.snapshot,
    listeners: boundListeners,
  });
  reported.adminUrl = admin.url;
  options.feed.start(apply);
  logger.info({ adminUrl: admin.url, proxyId }, 'proxy started');

  return {
    adminUrl: admin.url,
    boundListeners,
    activeVersion: () => active?.snapshot.version,
    apply,
    stop: () =>
      (stopping ??= (async () => {
        await options.feed.stop();
        // An apply under way finishes (later ones are refused) before the listeners close: none may bind after.
        await applying;
        await sockets.closeAll();
        admin.server.closeAllConnections();
        await new Promise<void>((resolve) => admin.server.close(() => resolve()));
        pools.destroy();
      })()),
  };
}
