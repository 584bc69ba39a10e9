import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import { OwnStatusWrites } from '@/server/controller/own-status-writes';
import { createControllerKubeConfig, createKubeRequester, type ControllerApiTarget } from '@/server/controller/kube-client';
import { ReconcileScheduler, type ReconcileSchedulerOptions } from '@/server/controller/reconcile-scheduler';
import { startResourceInformers, type RestartBackoff } from '@/server/controller/resource-informers';
import { createStatusPlanMemory, planStatusWork } from '@/server/controller/plan-status-work';
import { createSettledStatuses } from '@/server/controller/skip-settled-updates';
import { StatusEchoes } from '@/server/controller/status-echoes';
import { writeStatuses, type StatusWriteCounters } from '@/server/controller/status-writer';
import { diagnoseSnapshot } from '@/server/diagnostics/diagnose-snapshot';
import { createDiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';
import type { RouteDiagnostics } from '@/server/diagnostics/diagnostic-types';
import type { AddressPolicy } from '@/server/graph/assign-gateway-addresses';
import { buildGraph } from '@/server/graph/build-graph';
import { createGraphCache } from '@/server/graph/graph-cache';
import type { Graph } from '@/server/graph/graph-types';
import { PORTICO_CONTROLLER_NAME, snapshotFromKinds, type ResourceSnapshot } from '@/server/graph/resource-snapshot';
import { computeStatuses } from '@/server/status/compute-statuses';
import { createStatusCache } from '@/server/status/status-cache';
import type { DesiredStatuses, GatewayProgramming } from '@/server/status/status-types';
import { createTranslateCache } from '@/server/translate/translate-cache';
import { translateGraph } from '@/server/translate/translate-graph';

/**
 * The controller runtime: informers -> (initial-sync gate) -> debounced reconcile ->
 * snapshot -> graph -> status -> status writes, plus a hook where the translate stage takes the
 * graph. Everything it knows comes from the API through client-node, as in a real cluster.
 */

/** The Gateway API bundle whose CRDs Portico serves (GatewayClass `SupportedVersion`). */
export const SERVED_BUNDLE_VERSIONS: readonly string[] = ['v1.6.1'];

export interface StartControllerOptions {
  /** Where the API is and who the controller is: a target (embedded mode) or a ready KubeConfig. */
  api: { target: ControllerApiTarget } | { kubeconfig: KubeConfig };
  logger: Logger;
  controllerName?: string;
  /** Features claimed in GatewayClass status; none until the proxy passes conformance for them. */
  supportedFeatures?: readonly string[];
  bundleVersions?: readonly string[];
  /** Where Gateways are served (assignGatewayAddresses); default a loopback pool from 127.0.0.1. */
  addressPolicy?: AddressPolicy;
  /** What the proxy has applied, per Gateway; empty keeps `Programmed` Unknown/Pending. */
  programming?: () => ReadonlyMap<string, GatewayProgramming>;
  /**
   * Called after every reconcile with the routing snapshot (the IR) translated from the graph,
   * before status is written: the seam to the data plane.
   */
  onSnapshot?: (snapshot: RoutingSnapshot, graph: Graph) => void | Promise<void>;
  /** Part hashes by object identity, shared with whoever diffs the snapshots (the publisher): each part is hashed once. */
  hashCache?: SnapshotHashCache;
  schedule?: Pick<ReconcileSchedulerOptions, 'quietMs' | 'maxDelayMs' | 'retryBaseMs' | 'retryMaxMs' | 'leadingEdge'>;
  restartBackoff?: RestartBackoff;
  clock?: () => Date;
}

export interface ControllerStats extends StatusWriteCounters {
  /** Reconciles that ran (successful or not). */
  reconciles: number;
  reconcileFailures: number;
  informerRestarts: number;
  /** Full lists made by the informers: one per kind at start, more after 410 Gone. */
  informerLists: number;
  /** Every informer has completed its initial list. */
  synced: boolean;
}

export interface RunningController {
  /** Resolves after the informers' initial lists and the first reconcile (or on stop, if sooner). */
  ready: Promise<void>;
  stats(): ControllerStats;
  /** Reconcile soon although no watched object changed (e.g. the proxy acknowledged a snapshot). */
  requestReconcile(): void;
  /** Resolves when no reconcile is pending or running. */
  idle(): Promise<void>;
  /** The pipeline's input as the informers see it now. */
  snapshot(): ResourceSnapshot;
  /** Findings of the last reconcile (server/diagnostics), per route; what GET /api/diagnostics serves. */
  diagnostics(): readonly RouteDiagnostics[];
  /** The last reconcile's input, graph and desired statuses (what GET /api/topology draws); undefined before the first. */
  latest(): ReconcileResult | undefined;
  stop(): Promise<void>;
}

export interface ReconcileResult {
  input: ResourceSnapshot;
  graph: Graph;
  statuses: DesiredStatuses;
}

const NO_PROGRAMMING: ReadonlyMap<string, GatewayProgramming> = new Map();

/** Kubernetes timestamps have second precision. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function startController(options: StartControllerOptions): Promise<RunningController> {
  const { logger } = options;
  const log = logger.child({ component: 'controller' });
  const kc = 'kubeconfig' in options.api ? options.api.kubeconfig : createControllerKubeConfig(options.api.target);
  const requester = createKubeRequester(kc);
  const controllerName = options.controllerName ?? PORTICO_CONTROLLER_NAME;
  const clock = options.clock ?? (() => new Date());
  const statusInputs = () => ({
    supportedFeatures: options.supportedFeatures ?? [],
    bundleVersions: options.bundleVersions ?? SERVED_BUNDLE_VERSIONS,
    programming: options.programming?.() ?? NO_PROGRAMMING,
  });
  const stats = { reconciles: 0, reconcileFailures: 0, statusWrites: 0, statusConflicts: 0, statusWriteFailures: 0 };
  let synced = false;
  let diagnostics: readonly RouteDiagnostics[] = [];
  let latest: ReconcileResult | undefined;

  const ownWrites = new OwnStatusWrites();
  const settled = createSettledStatuses();
  const echoes = new StatusEchoes(settled);
  const informers = startResourceInformers({
    kc,
    request: requester.request,
    logger: log,
    restartBackoff: options.restartBackoff,
    onChange: (kind, object, event) => {
      const echo = ownWrites.echoOf(kind, object, event);
      if (echo === undefined) {
        if (synced) scheduler.markDirty();
      } else if (echo.origin && object) {
        echoes.echoed(kind, echo.origin, object);
      }
    },
  });
  // The informers' per-kind arrays as they are: a kind that did not change keeps its array (no copy, no pass over all objects).
  const snapshot = () => snapshotFromKinds(informers.byKind(), controllerName);
  // Kept for the controller's lifetime: unchanged objects are not validated, bound, translated,
  // hashed, analysed or merged again (each cache only saves work; the answers are the same).
  const graphCache = createGraphCache();
  const statusCache = createStatusCache();
  const translateCache = createTranslateCache(options.hashCache);
  const diagnosticsCache = createDiagnosticsCache();
  const planMemory = createStatusPlanMemory();

  /** The pipeline: snapshot -> graph -> status -> IR, publish, then diagnostics and status writes. */
  async function reconcile(): Promise<void> {
    stats.reconciles++;
    const input = echoes.pipelineView(snapshot());
    const graph = buildGraph(input, { cache: graphCache, addressPolicy: options.addressPolicy });
    let statuses = computeStatuses(graph, statusInputs(), { cache: statusCache });
    const ir = translateGraph(graph, { cache: translateCache });
    // The data plane first: new routes should not wait for diagnostics or status writes (or their retries).
    await options.onSnapshot?.(ir, graph);
    // Let the I/O the snapshot woke (proxies' pending snapshot requests) go out before the
    // synchronous diagnostics and status planning below hold the event loop.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Diagnostics add portico.dev/ conditions to route status; a bug there must not stop status writes.
    try {
      const diagnosed = diagnoseSnapshot(ir, graph, statuses, diagnosticsCache);
      statuses = diagnosed.statuses;
      diagnostics = diagnosed.diagnostics;
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'route diagnostics failed; writing status without them');
    }
    latest = { input, graph, statuses };
    const work = planStatusWork(statuses, graph, input, settled, planMemory, echoes.newestOf);
    await writeStatuses({
      request: requester.request,
      logger: log,
      counters: stats,
      updates: work.updates,
      cached: work.cached,
      now: () => rfc3339(clock()),
      sending: (kind, object, origin) => ownWrites.sending(kind, object, origin),
      written: (kind, object, origin) => ownWrites.record(kind, object, origin),
    });
  }

  const scheduler = new ReconcileScheduler({
    ...options.schedule,
    run: reconcile,
    onError: (err, failures, retryInMs) => {
      stats.reconcileFailures++;
      log.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code }, failures, retryInMs }, 'reconcile failed; retrying');
    },
  });

  let stopped = false;
  let stopping: Promise<void> | undefined;
  let resolveStopped!: () => void;
  const whenStopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const firstReconcile = informers.synced.then(async () => {
    if (stopped) return;
    synced = true;
    log.info({}, 'informers synced; reconciling');
    scheduler.markDirty();
    await scheduler.idle();
  });

  return {
    // Settles on stop too, so nothing waits forever on a controller that never synced.
    ready: Promise.race([firstReconcile, whenStopped]),
    stats: () => ({ ...stats, synced, informerRestarts: informers.restarts(), informerLists: informers.lists() }),
    requestReconcile: () => {
      if (synced) scheduler.markDirty();
    },
    idle: () => scheduler.idle(),
    snapshot,
    diagnostics: () => diagnostics,
    latest: () => latest,
    stop() {
      stopping ??= (async () => {
        stopped = true;
        resolveStopped();
        await scheduler.stop();
        await informers.stop();
        await requester.close();
        log.info({}, 'controller stopped');
      })();
      return stopping;
    },
  };
}

