import type { z } from 'zod';
import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import {
  gatewayInvalid,
  gatewayInvalidClientCertificateRef,
  gatewayInvalidParameters,
  gatewayRefNotPermitted,
  gatewayUnsupportedAddress,
} from '@/lib/gateway-api/conditions/gateway-conditions';
import { gatewaySpecSchema } from '@/lib/gateway-api/gateway';
import type { K8sObject } from '@/lib/k8s/object';
import { bindCertificateRefs, type CertificateContext } from '@/server/graph/bind-certificate-refs';
import { buildListenerNodes } from '@/server/graph/build-listeners';
import { describeIssues } from '@/server/graph/describe-issues';
import type { CertificateSource, GatewayClassNode, GatewayNode } from '@/server/graph/graph-types';
import { sortBy } from '@/server/graph/sort-keys';

/** Address types we can honour; the listener host is always an IP literal (SEMANTICS §2.7). */
const SUPPORTED_ADDRESS_TYPES = new Set(['IPAddress']);

const gatewayShellSchema = gatewaySpecSchema.omit({ listeners: true });
type GatewayShell = z.output<typeof gatewayShellSchema>;

/**
 * The Gateways whose class is ours and accepted, by namespace/name (SEMANTICS §2.1). Gateways
 * of other or missing classes are left alone: no node, no status.
 */
export function buildGatewayNodes(gateways: readonly K8sObject[], classes: readonly GatewayClassNode[], ctx: CertificateContext): GatewayNode[] {
  const accepted = new Set(classes.filter((c) => c.accepted).map((c) => c.name));
  const nodes: GatewayNode[] = [];
  for (const source of gateways) {
    const className = (source.spec as { gatewayClassName?: unknown } | undefined)?.gatewayClassName;
    if (typeof className !== 'string' || !accepted.has(className)) continue;
    nodes.push(buildGatewayNode(source, className, ctx));
  }
  return sortBy(nodes, (g) => [g.namespace, g.name]);
}

function buildGatewayNode(source: K8sObject, className: string, ctx: CertificateContext): GatewayNode {
  const namespace = source.metadata.namespace ?? '';
  const name = source.metadata.name ?? '';
  const identity = { namespace, name, generation: source.metadata.generation ?? 1, source, key: `${namespace}/${name}`, className };
  // Listeners are validated one by one (and their list rules left to conflict detection), so one
  // listener an older schema let through does not take the whole Gateway down.
  const rawSpec = (typeof source.spec === 'object' && source.spec !== null ? source.spec : {}) as { listeners?: unknown };
  const parsed = gatewayShellSchema.safeParse(rawSpec);
  if (!parsed.success) {
    return { ...identity, listeners: [], addresses: [], bindAddresses: [], specProblem: gatewayInvalid(describeIssues(parsed.error, 'spec')) };
  }
  const spec = parsed.data;
  const rawListeners = Array.isArray(rawSpec.listeners) ? rawSpec.listeners : [];
  const listeners = buildListenerNodes(
    { gatewayKey: identity.key, gatewayNamespace: namespace, listeners: rawListeners, frontendValidation: spec.tls?.frontend !== undefined },
    ctx,
  );
  const client = bindClientCertificate(spec, namespace, ctx);
  const specProblem = rawListeners.length === 0 ? gatewayInvalid('spec.listeners: a Gateway needs at least one listener') : gatewaySpecProblem(spec);
  return {
    ...identity,
    listeners,
    addresses: (spec.addresses ?? []).map((a) => ({ type: a.type, ...(a.value !== undefined ? { value: a.value } : {}) })),
    bindAddresses: [],
    ...(specProblem ? { specProblem } : {}),
    ...(client.problem ? { refsProblem: client.problem } : {}),
    ...(client.certificate ? { clientCertificate: client.certificate } : {}),
  };
}

function gatewaySpecProblem(spec: GatewayShell): DesiredCondition | undefined {
  const params = spec.infrastructure?.parametersRef;
  if (params) {
    return gatewayInvalidParameters(
      `spec.infrastructure.parametersRef: ${params.group || 'core'}/${params.kind} ${params.name} is not supported; Portico Gateways take no parameters`,
    );
  }
  const unsupported = (spec.addresses ?? []).map((a, i) => ({ a, i })).filter(({ a }) => !SUPPORTED_ADDRESS_TYPES.has(a.type));
  if (unsupported.length > 0) {
    const list = unsupported.map(({ a, i }) => `spec.addresses[${i}].type ${JSON.stringify(a.type)}`).join(', ');
    return gatewayUnsupportedAddress(`${list}: not supported; use IPAddress`);
  }
  return undefined;
}

function bindClientCertificate(spec: GatewayShell, namespace: string, ctx: CertificateContext): { problem?: DesiredCondition; certificate?: CertificateSource } {
  const ref = spec.tls?.backend?.clientCertificateRef;
  if (!ref) return {};
  const bound = bindCertificateRefs([ref], namespace, 'spec.tls.backend.clientCertificateRef', ctx);
  const problem = bound.problems[0];
  if (!problem) return { certificate: bound.certificates[0]! };
  const message = problem.message.replace('spec.tls.backend.clientCertificateRef[0]', 'spec.tls.backend.clientCertificateRef');
  return { problem: problem.reason === 'RefNotPermitted' ? gatewayRefNotPermitted(message) : gatewayInvalidClientCertificateRef(message) };
}
