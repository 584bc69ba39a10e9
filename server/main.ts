import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiServer } from '@/server/apiserver/api-server';
import { createAuth } from '@/server/auth/create-auth';
import type { KubeconfigTarget } from '@/server/auth/kubeconfig';
import { generateSecret } from '@/server/auth/secrets';
import { controllerUser, seedControllerRbac } from '@/server/controller/controller-identity';
import { startController, type RunningController } from '@/server/controller/start-controller';
import { SUPPORTED_FEATURES } from '@/server/controller/supported-features';
import { OptionsError, parseStartOptions, type StartOptions } from '@/server/config/options';
import { startDemoBackends } from '@/server/demo/demo-backends';
import { formatDemoBanner } from '@/server/demo/format-demo-banner';
import { demoPasswordFile, seedDemo } from '@/server/demo/seed-demo';
import { writeDemoEndpointPorts } from '@/server/demo/write-demo-endpoint-ports';
import { addressPolicyFor } from '@/server/graph/assign-gateway-addresses';
import { createPorticoServer, type Mount, type RouteHandler } from '@/server/http/portico-server';
import { sendApiError } from '@/server/http/json-response';
import { ShutdownStack } from '@/server/lifecycle/shutdown-stack';
import { createLogger, type Logger } from '@/server/observability/logger';
import { createDiagnosticsRoute } from '@/server/portico-api/diagnostics-route';
import { createMeRoute } from '@/server/portico-api/me-route';
import { createTopologyRoutes } from '@/server/portico-api/topology-route';
import { createTrafficSampler } from '@/server/topology/traffic-sampler';
import { createAccessRequestsRoute } from '@/server/portico-api/access-requests-route';
import { createImpactRoute } from '@/server/portico-api/reference-grant-impact-route';
import { createProxiesRoute } from '@/server/portico-api/proxies-route';
import { createMatchPreviewRoute } from '@/server/portico-api/match-preview-route';
import { createHistoryRoute } from '@/server/portico-api/history-route';
import { createExportRoute } from '@/server/portico-api/import-export-route';
import { AuditLog } from '@/server/audit/audit-log';
import { createWriteRecorder } from '@/server/audit/record-write';
import { createProxyApiHandler } from '@/server/proxy-link/proxy-api-handler';
import { proxyUser } from '@/server/proxy-link/proxy-identity';
import { loopbackAdminUrls } from '@/server/proxy-link/loopback-admin-urls';
import { createProxyTokensRoute } from '@/server/proxy-link/proxy-tokens-route';
import { createSnapshotPublisherHook } from '@/server/proxy-link/publish-snapshot';
import { SnapshotPublisher } from '@/server/proxy-link/snapshot-publisher';
import { superviseProcess } from '@/server/supervisor/process-supervisor';
import { proxyChildSpec } from '@/server/supervisor/proxy-child-spec';
import { openStore } from '@/server/store/sqlite-store';
import { ensureServingCertificate } from '@/server/tls/serving-certificate';
import { resourcePrefix } from '@/server/store/types';

/**
 * The composition root: store -> auth -> API server -> console, on one HTTP port.
 * Everything else is built from small parts; this file only wires them and owns their lifetimes.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningPortico {
  /** The console and /api over plain HTTP, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The same port over HTTPS: kubectl sends bearer tokens only to https:// servers. */
  secureUrl: string;
  /** The self-signed serving certificate clients can pin (kubectl --certificate-authority). */
  certificatePath: string;
  /** The Gateway API controller, running against this server's /k8s with its own identity. */
  controller: RunningController;
  close(): Promise<void>;
}

async function createConsoleHandler(options: StartOptions): Promise<RouteHandler> {
  const { default: next } = await import('next');
  const app = next({ dev: false, dir: ROOT, hostname: options.host, port: options.port, quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req, res) => handle(req, res);
}

const consoleDisabled: RouteHandler = (_req, res) =>
  sendApiError(res, 404, 'NotFound', 'the console is disabled on this server (--no-console); use /k8s and /api');

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startPortico(options: StartOptions): Promise<RunningPortico> {
  const logger = createLogger({ name: 'portico', level: options.logLevel });
  if (options.kubeconfig) {
    throw new OptionsError(
      'cluster mode (--kubeconfig / PORTICO_KUBECONFIG) is not available in this version; start without it to use the embedded store',
    );
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const stack = new ShutdownStack();
  try {
    return await assemble(options, logger, stack);
  } catch (err) {
    await stack.closeAll().catch((closeErr: unknown) => logger.error({ err: closeErr }, 'cleanup after failed start-up failed'));
    throw err;
  }
}

/** Opens every part in dependency order, registering each one's close on `stack`. */
async function assemble(options: StartOptions, logger: Logger, stack: ShutdownStack): Promise<RunningPortico> {
  const store = stack.defer('store', openStore({ path: path.join(options.dataDir, 'store.sqlite') }), (s) => s.close());
  // Kubeconfigs point at the HTTPS address, known only once the server listens.
  const listening: { kubeconfigTarget?: KubeconfigTarget } = {};
  // The controller's bearer token lives only in this process's memory; RBAC (seeded below) decides what it may do.
  const controllerToken = generateSecret('portico-controller-');
  // The proxy's token too: it admits only to /api/proxy (snapshots and acks), never /k8s.
  const proxyToken = generateSecret('portico-proxy-');
  const auth = stack.defer(
    'auth',
    createAuth({
      serviceAccounts: [
        { token: controllerToken, user: controllerUser() },
        { token: proxyToken, user: proxyUser() },
      ],
      dataDir: options.dataDir,
      store,
      adminToken: options.adminToken,
      logger,
      kubeconfigTarget: () => listening.kubeconfigTarget,
    }),
    (a) => a.close(),
  );
  // Proxies on other hosts authenticate with stored tokens of the proxy's service account (/api/proxy-tokens).
  auth.users.ensureServiceAccount(proxyUser());
  const auditLog = stack.defer('audit-log', AuditLog.open(options.dataDir), (l) => l.close());
  const api = stack.defer(
    'api',
    createApiServer({
      store,
      authenticator: auth.authenticator,
      authorizer: auth.authorizer,
      escalationGuard: auth.authorizer,
      logger,
      // Every change a user makes through /k8s goes to the object's history (audit.sqlite).
      onWrite: createWriteRecorder(auditLog, logger),
    }),
    (a) => a.close(),
  );

  // Demo data goes only into a store that has never been written, so a user's deletions stick.
  const firstStart = store.currentRevision() === 0;
  await api.createIfAbsent({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  await seedControllerRbac(api);
  if (options.demo) {
    // The demo's echo backends run for the server's lifetime on fresh ports; their demo-owned
    // EndpointSlices are pointed at those ports on every start (the rest is seeded only once).
    const demoBackends = stack.defer('demo-backends', await startDemoBackends(), (b) => b.close());
    if (firstStart) {
      await seedDemo({ store, api, auth, dataDir: options.dataDir, password: options.demoPassword, ports: demoBackends.ports, logger });
    }
    const rewritten = await writeDemoEndpointPorts(store, demoBackends.ports);
    logger.info({ endpointSlices: rewritten }, 'demo backends started');
  }

  const listNamespaces = () => store.list(resourcePrefix('', 'namespaces')).entries.map((e) => e.value.metadata.name ?? '');
  const handleMe = createMeRoute({ authenticator: auth.authenticator, authorizer: auth.authorizer, listNamespaces });
  // Route handlers mounted before the controller starts read it through this holder.
  const running: { controller?: RunningController } = {};
  const handleDiagnostics = createDiagnosticsRoute({
    authenticator: auth.authenticator,
    authorizer: auth.authorizer,
    diagnostics: () => running.controller?.diagnostics() ?? [],
    routeExists: (kind, namespace, name) => {
      const snapshot = running.controller?.snapshot();
      const routes = kind === 'HTTPRoute' ? snapshot?.httpRoutes : snapshot?.grpcRoutes;
      return (routes ?? []).some((r) => r.metadata.namespace === namespace && r.metadata.name === name);
    },
  });
  // The routing snapshot the controller translates and the proxies pull (snapshot protocol).
  const handleImpact = createImpactRoute({ authenticator: auth.authenticator, authorizer: auth.authorizer, snapshot: () => running.controller?.snapshot() });
  const publisher = stack.defer('snapshot-publisher', new SnapshotPublisher(), (p) => p.close());
  // The request simulator: predictions from the published routing snapshot, real requests through the proxy.
  const handleSimulator = createMatchPreviewRoute({
    authenticator: auth.authenticator,
    authorizer: auth.authorizer,
    routingSnapshot: () => publisher.current(),
    routes: () => running.controller?.snapshot(),
    acks: () => publisher.acks(),
  });
  // The topology view: the controller's last graph per caller's RBAC, and live counters read from the proxies' admin ports (learnt from their acks).
  const trafficSampler = options.proxy
    ? stack.defer('traffic-sampler', createTrafficSampler({ adminUrls: () => [...loopbackAdminUrls(publisher.acks()).values()] }), (t) => t.close())
    : undefined;
  const topology = createTopologyRoutes({ authenticator: auth.authenticator, authorizer: auth.authorizer, latest: () => running.controller?.latest(), traffic: trafficSampler });
  const mounts: Mount[] = [
    { prefix: '/k8s', handle: (req, res) => api.handle(req, res) },
    { prefix: '/api/proxy', handle: createProxyApiHandler({ publisher, authenticator: auth.authenticator, logger }) },
    { prefix: '/api/me', handle: handleMe },
    { prefix: '/api/proxy-tokens', handle: createProxyTokensRoute({ authenticator: auth.authenticator, authorizer: auth.authorizer, tokens: auth.tokens }) },
    { prefix: '/api/diagnostics', handle: handleDiagnostics },
    { prefix: '/api/topology', handle: topology.handleTopology },
    { prefix: '/api/traffic', handle: topology.handleTraffic },
    // Decisions are written through /k8s with the caller's credentials; the port speaks plain HTTP too.
    { prefix: '/api/access-requests', handle: createAccessRequestsRoute({ authenticator: auth.authenticator, authorizer: auth.authorizer, k8sUrl: () => listening.kubeconfigTarget?.server.replace(/^https:/, 'http:') }) },
    { prefix: '/api/reference-grants', handle: handleImpact },
    { prefix: '/api/gateways/impact', handle: handleImpact },
    {
      prefix: '/api/proxies',
      handle: createProxiesRoute({
        authenticator: auth.authenticator,
        authorizer: auth.authorizer,
        acks: () => publisher.acks(),
        publishedVersion: () => publisher.current()?.version,
        // Each proxy reports its admin URL in its acks (the port may be ephemeral).
        adminUrls: () => loopbackAdminUrls(publisher.acks()),
      }),
    },
    { prefix: '/api/match-preview', handle: handleSimulator },
    { prefix: '/api/test-request', handle: handleSimulator },
    {
      prefix: '/api/export',
      handle: createExportRoute({
        authenticator: auth.authenticator,
        authorizer: auth.authorizer,
        list: (type, namespace) => store.list(resourcePrefix(type.group, type.plural, type.namespaced ? namespace : undefined)).entries.map((e) => e.value),
      }),
    },
    {
      prefix: '/api/history',
      handle: createHistoryRoute({ authenticator: auth.authenticator, authorizer: auth.authorizer, log: auditLog, k8sUrl: () => listening.kubeconfigTarget?.server.replace(/^https:/, 'http:') }),
    },
    {
      prefix: '/api/auth',
      handle: async (req, res) => {
        if (!(await auth.handleAuthRoute(req, res))) sendApiError(res, 404, 'NotFound', `no such endpoint: ${req.url ?? ''}`);
      },
    },
    { prefix: '/api', handle: (req, res) => sendApiError(res, 404, 'NotFound', `no such endpoint: ${req.url ?? ''}`) },
  ];

  // Server components fetch /api on this same server; they need its address before the first render.
  const internalHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const consoleHandler = options.console ? await createConsoleHandler(options) : consoleDisabled;
  const names = [...new Set(['localhost', '127.0.0.1', '::1', internalHost])];
  const certificate = await ensureServingCertificate(options.dataDir, names);
  const dual = createPorticoServer({ mounts, fallback: consoleHandler, logger, tls: { cert: certificate.certPem, key: certificate.keyPem } });
  const address = await listen(dual.server, options.host, options.port);
  stack.defer('server', dual, (d) => {
    const closed = new Promise<void>((resolve) => d.server.close(() => resolve()));
    d.closeAllConnections();
    return closed;
  });
  const hostPort = `${internalHost.includes(':') ? `[${internalHost}]` : internalHost}:${address.port}`;
  const url = `http://${hostPort}`;
  const secureUrl = `https://${hostPort}`;
  process.env.PORTICO_INTERNAL_URL = url;
  listening.kubeconfigTarget = { server: `${secureUrl}/k8s`, certificateAuthorityPem: certificate.certPem };

  // The controller reaches /k8s like any client: over HTTPS, pinning the serving certificate.
  // It is closed first, so its watches end before the server drops connections and the store closes.
  const controller = stack.defer(
    'controller',
    await startController({
      api: { target: { server: `${secureUrl}/k8s`, caPem: certificate.certPem, token: controllerToken } },
      logger,
      // Each Gateway gets its own loopback address (or all share a non-loopback listener host).
      addressPolicy: addressPolicyFor(options.listenerHost),
      supportedFeatures: SUPPORTED_FEATURES,
      onSnapshot: createSnapshotPublisherHook(publisher),
      hashCache: publisher.hashCache,
      programming: () => publisher.programming(),
    }),
    (c) => c.stop(),
  );
  // A proxy's ack changes Programmed: reconcile so status says so.
  publisher.onProgrammingChange(() => controller.requestReconcile());
  // The bundled proxy, a supervised child; stopped first on shutdown, while the control plane still answers.
  if (options.proxy) {
    const spec = proxyChildSpec({
      controlPlaneUrl: secureUrl,
      caPem: certificate.certPem,
      token: proxyToken,
      proxyId: 'embedded',
      portOffset: options.listenerPortOffset,
      adminPort: options.proxyAdminPort,
    });
    stack.defer('proxy', superviseProcess({ name: 'proxy', spec, logger }), (p) => p.stop());
  }
  running.controller = controller;
  logger.info({ url, secureUrl, dataDir: options.dataDir, console: options.console }, 'portico started');
  return { url, secureUrl, certificatePath: certificate.certPath, controller, close: () => stack.closeAll() };
}

/** `portico start`: parse flags and environment, start, and shut down cleanly on SIGINT/SIGTERM. */
export async function runStart(argv: string[]): Promise<void> {
  let options: StartOptions;
  try {
    options = parseStartOptions(argv, process.env, process.cwd());
  } catch (err) {
    console.error(`portico: ${(err as Error).message}`);
    process.exit(2);
  }
  let portico: RunningPortico;
  try {
    portico = await startPortico(options);
  } catch (err) {
    if (err instanceof OptionsError || (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`portico: ${(err as Error).message}`);
      process.exit(2);
    }
    throw err;
  }
  console.error(
    `\n  Portico is running: console ${portico.url}\n` +
      `  kubectl --server ${portico.secureUrl}/k8s --certificate-authority ${portico.certificatePath} --token <token> get gateways -A\n`,
  );
  if (options.demo) {
    const password = options.demoPassword ? { fromEnv: true as const } : { file: demoPasswordFile(options.dataDir) };
    console.error(
      formatDemoBanner({ consoleUrl: portico.url, password, listenerHost: options.listenerHost, listenerPortOffset: options.listenerPortOffset, proxy: options.proxy === true }),
    );
  }
  const shutdown = () => {
    portico.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
