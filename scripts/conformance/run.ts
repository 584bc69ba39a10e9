import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startPorticoProcess, type PorticoProcess } from '@/server/testing/portico-process';
import { buildCertificateObjects } from './certificates';
import { orderCases, type CasesFile } from './conformance-case';
import { startEchoBackends, stopEchoBackends, type EchoBackend } from './echo-backends';
import { enabledFeatures, missingFeatures } from './feature-gate';
import { createK8sClient, type K8sClient, statusAddresses } from './k8s-client';
import { chooseListenerPortOffset, gatewayListenerPorts } from './listener-ports';
import { logExcerpt } from './log-excerpt';
import { loadManifestFile, rewriteManifest, type ManifestRewrite } from './manifests';
import { runCase } from './run-case';
import { createStatusProbes } from './status-checks';

/**
 * `npm run conformance [-- --only A,B] [--manifests DIR] [--timeout SECONDS] [--all-features] [--port-offset N]`: the Gateway API
 * conformance tests of cases.json against a fresh Portico (temp data dir, bundled proxy, no
 * demo) with local echo backends. One line per test, then `N passed, M failed, K skipped`;
 * exit 1 when anything failed. Only the primary-scope tests run (Core of GATEWAY-HTTP and
 * GATEWAY-GRPC first), and, as upstream, only those whose features are Core in those profiles
 * or listed in the GatewayClass's status.supportedFeatures (unless --all-features).
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CONTROLLER_NAME = 'portico.dev/gateway-controller';
const GATEWAY_CLASS = 'gateway-conformance';
const BASE_NAMESPACES = ['gateway-conformance-infra', 'gateway-conformance-app-backend', 'gateway-conformance-web-backend'];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    manifests: { type: 'string', default: path.join(ROOT, '..', 'shared', 'gateway-api', 'conformance') },
    timeout: { type: 'string', default: '30' },
    // Also run tests of Extended features the GatewayClass does not claim (to find out which pass).
    'all-features': { type: 'boolean', default: false },
    // The listener port offset of an earlier run (its first line prints it), to run it again the same way.
    'port-offset': { type: 'string' },
  },
});

async function main(): Promise<number> {
  const dataRoot = path.resolve(values.manifests!);
  const casesPath = path.join(dataRoot, 'cases.json');
  if (!existsSync(casesPath) || !existsSync(path.join(dataRoot, 'manifests', 'base', 'manifests.yaml'))) {
    console.log(`skipped: conformance data not found at ${dataRoot}`);
    return 0;
  }
  const manifestsDir = path.join(dataRoot, 'manifests');
  const cases = JSON.parse(readFileSync(casesPath, 'utf8')) as CasesFile;
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
  const selected = orderCases(cases.tests.filter((t) => t.scope === 'primary' && (!only || only.has(t.name))));
  if (only) for (const name of only) if (!selected.some((t) => t.name === name)) console.log(`SKIP ${name}: no primary test of that name`);

  const rewrite: ManifestRewrite = { gatewayClassName: GATEWAY_CLASS, controllerName: CONTROLLER_NAME, usableAddress: '127.0.0.250', unusableAddress: '198.51.100.1' };
  const base = loadManifestFile(path.join(manifestsDir, 'base', 'manifests.yaml')).map((o) => rewriteManifest(o, rewrite));
  const testObjects = selected.flatMap((t) => t.manifests.flatMap((f) => (existsSync(path.join(manifestsDir, f)) ? loadManifestFile(path.join(manifestsDir, f)) : [])));
  const offset = values['port-offset'] !== undefined ? Number(values['port-offset']) : await chooseListenerPortOffset(gatewayListenerPorts([...base, ...testObjects]));
  if (!Number.isInteger(offset) || offset < 0 || offset > 65_000) throw new Error(`--port-offset ${values['port-offset']}: want a whole number of at most 65000`);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-conformance-'));
  const token = randomBytes(24).toString('hex');
  let portico: PorticoProcess | undefined;
  let backends: EchoBackend[] = [];
  const stopSignal = () => void cleanup().then(() => process.exit(130));
  const cleanup = async () => {
    await portico?.stop().catch(() => undefined);
    await stopEchoBackends(backends);
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', stopSignal);
  process.once('SIGTERM', stopSignal);
  try {
    portico = await startPorticoProcess({
      dataDir,
      env: { PORTICO_PROXY: '1', PORTICO_DEMO: '0', PORTICO_ADMIN_TOKEN: token, PORTICO_LISTENER_PORT_OFFSET: String(offset), PORTICO_PROXY_ADMIN_PORT: '0' },
    });
    const client = createK8sClient(portico.url, token);
    const probes = createStatusProbes(client, CONTROLLER_NAME);
    console.log(`portico at ${portico.url}, listener port offset ${offset}, ${selected.length} tests`);

    await client.create({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: GATEWAY_CLASS }, spec: { controllerName: CONTROLLER_NAME } });
    backends = await startEchoBackends(base);
    const certs = await buildCertificateObjects(cases.suiteSetup.programmaticObjects);
    const namespaces = base.filter((o) => o.kind === 'Namespace');
    const rest = base.filter((o) => o.kind !== 'Namespace' && o.kind !== 'Deployment' && o.kind !== 'Pod');
    for (const object of [...namespaces, ...certs.objects, ...rest, ...backends.map((b) => b.slice)]) {
      if (!client.typeFor(object.apiVersion, object.kind)) continue;
      await client.create(object);
    }
    const setupWhy = await waitFor(async () => {
      const gc = await client.get('gateway.networking.k8s.io/v1', 'GatewayClass', undefined, GATEWAY_CLASS);
      const accepted = (gc?.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.find((c) => c.type === 'Accepted');
      if (accepted?.status !== 'True') return `GatewayClass ${GATEWAY_CLASS} not Accepted`;
      return probes.probeFor({ kind: 'namespacesReady', namespaces: BASE_NAMESPACES })!();
    }, 60_000);
    if (setupWhy) {
      console.log(`FAIL suite setup: ${setupWhy}`);
      return 1;
    }
    const gc = await client.get('gateway.networking.k8s.io/v1', 'GatewayClass', undefined, GATEWAY_CLASS);
    const supported = ((gc?.status as { supportedFeatures?: Array<{ name: string }> } | undefined)?.supportedFeatures ?? []).map((f) => f.name);
    console.log(`supportedFeatures: ${supported.join(', ') || '(none)'}`);
    const enabled = enabledFeatures(cases.profiles, supported);

    const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
    for (const test of selected) {
      const missing = values['all-features'] ? [] : missingFeatures(test, enabled);
      if (missing.length > 0) {
        counts.SKIP++;
        console.log(`SKIP ${test.name}: needs ${missing.join(', ')}, not in supportedFeatures`);
        continue;
      }
      const logFrom = portico.logLineCount();
      const outcome = await runCase(test, {
        client,
        manifestsDir,
        rewrite,
        listenerPortOffset: offset,
        probeFor: probes.probeFor,
        stepTimeoutMs: Number(values.timeout) * 1000,
        requiredConsecutiveSuccesses: 3,
        baseObjects: base,
        baseBackends: backends,
      });
      counts[outcome.result]++;
      console.log(outcome.result === 'PASS' ? `PASS ${test.name}` : `${outcome.result} ${test.name}: ${outcome.reason}`);
      if (outcome.result === 'FAIL') {
        console.log(`  gateway addresses now: ${await describeGatewayAddresses(client)}`);
        for (const line of logExcerpt(portico.logLinesSince(logFrom), FAILURE_LOG_LINES)) console.log(`  portico: ${line}`);
      }
    }
    console.log(`${counts.PASS} passed, ${counts.FAIL} failed, ${counts.SKIP} skipped`);
    return counts.FAIL === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

/** How many of Portico's lines (see logExcerpt) a failing test shows at most. */
const FAILURE_LOG_LINES = 40;

/** `ns/name=address,...` for every Gateway: where a failing request should have gone. */
async function describeGatewayAddresses(client: K8sClient): Promise<string> {
  const gateways = await client.list('gateway.networking.k8s.io/v1', 'Gateway', undefined).catch((err: Error) => err);
  if (gateways instanceof Error) return `(not listed: ${gateways.message})`;
  return gateways
    .map((g) => `${g.metadata.namespace}/${g.metadata.name}=${statusAddresses(g).join(',') || '(none)'}`)
    .join(' ');
}

async function waitFor(probe: () => Promise<string | undefined>, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  let why: string | undefined = 'not checked';
  while (Date.now() < deadline) {
    why = await probe().catch((err: Error) => err.message);
    if (why === undefined) return undefined;
    await new Promise((r) => setTimeout(r, 200));
  }
  return why;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`conformance runner failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
