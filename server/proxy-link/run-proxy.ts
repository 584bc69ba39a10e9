import { createLogger } from '@/server/observability/logger';
import { createHttpSnapshotFeed } from '@/server/proxy-link/http-snapshot-feed';
import { parseProxyOptions, ProxyOptionsError, type ProxyCommandOptions } from '@/server/proxy-link/proxy-options';
import { startProxy } from '@/server/proxy/start-proxy';

/**
 * `portico proxy`: the data plane as its own process, pulling snapshots from a control plane
 * (a child of `portico start`, or a proxy on another host). Stops cleanly on SIGINT/SIGTERM and,
 * when supervised, when the parent goes away.
 */
export async function runProxy(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  let options: ProxyCommandOptions;
  try {
    options = parseProxyOptions(argv, env);
  } catch (err) {
    if (!(err instanceof ProxyOptionsError)) throw err;
    console.error(`portico proxy: ${err.message}`);
    process.exit(2);
  }
  const logger = createLogger({ name: 'portico-proxy' });
  const feed = createHttpSnapshotFeed({ controlPlaneUrl: options.controlPlaneUrl, token: options.token, ca: options.caPem, proxyId: options.proxyId, logger });
  const proxy = await startProxy({
    feed,
    portOffset: options.portOffset,
    adminPort: options.adminPort,
    proxyId: options.proxyId,
    logger,
  }).catch(async (err: NodeJS.ErrnoException) => {
    await feed.stop();
    logger.error({ err: { message: err.message, code: err.code } }, 'proxy could not start');
    console.error(`portico proxy: cannot start: ${err.message}`);
    process.exit(err.code === 'EADDRINUSE' ? 2 : 1);
  });

  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'proxy stopping');
    proxy.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  if (options.supervised) {
    // The supervisor's pipe closes when `portico start` dies, even by SIGKILL: never outlive it.
    process.stdin.on('end', () => shutdown('parent exited'));
    process.stdin.on('error', () => shutdown('parent exited'));
    process.stdin.resume();
  }
}
