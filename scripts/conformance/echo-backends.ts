import type { K8sObject } from '@/lib/k8s/object';
import { startEchoServer, type RunningEchoServer } from '@/server/echo/echo-server';
import { startGrpcEchoServer } from '@/server/echo/grpc-echo';

/**
 * Local stand-ins for the conformance echo Deployments: one echo server per Service whose
 * selected Deployment runs plain `echo-basic` (HTTP on 3000, h2c on 3001), plus the
 * EndpointSlice that points that Service at it (address 127.0.0.1, the echo's real ports,
 * slice ports named after the Service ports). Deployments in gRPC mode (`GRPC_ECHO_SERVER`) get
 * the gRPC echo (h2c) on the HTTP port. TCP, UDP and TLS-serving echo modes are not
 * reproduced; their Services get no endpoints and the runner reports those tests as skipped.
 */

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

interface EnvVar {
  name: string;
  value?: string;
}

export interface EchoBackend {
  service: string;
  namespace: string;
  pod: string;
  server: RunningEchoServer;
  slice: K8sObject;
  /** The lines the echo printed (`Echoing back request made to <uri> to client (...)`): what the mirroring tests read. */
  log: string[];
}

const HTTP_TARGET = 3000;
const H2C_TARGET = 3001;
const UNSUPPORTED_MODES = ['TCP_ECHO_SERVER', 'UDP_ECHO_SERVER'];

function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** The Deployment a Service selects, from the same set of manifests. */
function deploymentFor(service: K8sObject, objects: readonly K8sObject[]): K8sObject | undefined {
  const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
  return objects.find((o) => {
    if (o.kind !== 'Deployment' || o.metadata.namespace !== service.metadata.namespace) return false;
    const labels = (o.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template?.metadata?.labels;
    return labelsMatch(selector, labels);
  });
}

/** How the Deployment runs echo-basic: plain HTTP (+h2c), gRPC, or a mode not reproduced here. */
function echoMode(deployment: K8sObject): 'http' | 'grpc' | undefined {
  const containers = (deployment.spec as { template?: { spec?: { containers?: Array<{ image?: string; env?: EnvVar[] }> } } }).template?.spec?.containers ?? [];
  const first = containers[0];
  if (!first?.image?.includes('echo-basic')) return undefined;
  const env = first.env ?? [];
  if (env.some((e) => UNSUPPORTED_MODES.includes(e.name))) return undefined;
  return env.some((e) => e.name === 'GRPC_ECHO_SERVER') ? 'grpc' : 'http';
}

/** Slice port for a Service port, or undefined when no local echo port serves its target. */
function slicePort(port: ServicePort, echo: RunningEchoServer): { name?: string; port: number; protocol: string; appProtocol?: string } | undefined {
  const target = port.targetPort ?? port.port;
  const real = target === HTTP_TARGET ? echo.port : target === H2C_TARGET ? echo.h2cPort : undefined;
  if (real === undefined) return undefined;
  // An unnamed Service port pairs with an unnamed slice port.
  return { ...(port.name ? { name: port.name } : {}), port: real, protocol: 'TCP', ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}) };
}

/**
 * Starts echo servers for the echo-backed Services among `objects` (their Deployments may be
 * among `objects` or `context`, e.g. a test's Service selecting a base Deployment); the caller
 * creates the slices.
 */
export async function startEchoBackends(objects: readonly K8sObject[], context: readonly K8sObject[] = []): Promise<EchoBackend[]> {
  const backends: EchoBackend[] = [];
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const deployment = deploymentFor(service, [...objects, ...context]);
    const mode = deployment ? echoMode(deployment) : undefined;
    if (!deployment || !mode) continue;
    const namespace = service.metadata.namespace ?? 'default';
    const serviceName = service.metadata.name ?? '';
    const pod = `${deployment.metadata.name}-portico-0`;
    const log: string[] = [];
    const server: RunningEchoServer =
      mode === 'grpc'
        ? await startGrpcEchoServer({ port: 0, host: '127.0.0.1', pod, namespace, onEcho: (line) => log.push(line) })
        : await startEchoServer({ port: 0, h2cPort: 0, host: '127.0.0.1', pod, namespace, onEcho: (line) => log.push(line) });
    const ports = ((service.spec as { ports?: ServicePort[] }).ports ?? []).map((p) => slicePort(p, server)).filter((p) => p !== undefined);
    const slice: K8sObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${serviceName}-conformance`, namespace, labels: { 'kubernetes.io/service-name': serviceName } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: pod, namespace } }],
      ports,
    };
    backends.push({ service: serviceName, namespace, pod, server, slice, log });
  }
  return backends;
}

export async function stopEchoBackends(backends: readonly EchoBackend[]): Promise<void> {
  await Promise.all(backends.map((b) => b.server.close()));
}
