import {
  listenerAccepted,
  listenerConflicted,
  listenerInvalidTLSConfig,
  listenerNotAccepted,
  listenerNotProgrammed,
  listenerOverlappingTLSConfig,
  listenerRefsNotResolved,
  listenerResolvedRefs,
} from '@/lib/gateway-api/conditions/listener-conditions';
import type { DesiredCondition } from '@/lib/gateway-api/conditions/desired-condition';
import { listenerSchema, type Listener, type RouteGroupKind } from '@/lib/gateway-api/shared/listener';
import { GATEWAY_GROUP } from '@/lib/gateway-api/shared/refs';
import { bindCertificateRefs, type CertificateContext, type CertificateRefProblem } from '@/server/graph/bind-certificate-refs';
import type { CertificateSource, ListenerNode } from '@/server/graph/graph-types';
import { matchLabelSelector } from '@/server/graph/label-selector-match';
import { computeListenerConflicts, type ListenerConflict } from '@/server/graph/listener-conflicts';
import { computeOverlappingTLSListeners } from '@/server/graph/overlapping-tls';
import { describeIssues } from '@/server/graph/describe-issues';

/** Protocols our proxy serves. GRPCRoutes ride on them (h2c prior knowledge / ALPN h2, SEMANTICS §8.1). */
const SUPPORTED_PROTOCOLS = new Set(['HTTP', 'HTTPS']);

/** Route kinds an HTTP or HTTPS listener carries, sorted by group/kind (SEMANTICS §2.2, §3.3). */
export const HTTP_LISTENER_KINDS: readonly RouteGroupKind[] = [
  { group: GATEWAY_GROUP, kind: 'GRPCRoute' },
  { group: GATEWAY_GROUP, kind: 'HTTPRoute' },
];

export interface ListenerBuildInput {
  gatewayKey: string;
  gatewayNamespace: string;
  /** `spec.listeners` as stored; each is validated on its own. */
  listeners: readonly unknown[];
  /** `spec.tls.frontend` is set: client-certificate validation, which we do not implement. */
  frontendValidation: boolean;
}

/** Builds and validates the listeners of one Gateway, in spec order. */
export function buildListenerNodes(input: ListenerBuildInput, ctx: CertificateContext): ListenerNode[] {
  const parsed = processListeners(input.listeners);
  const valid = parsed.flatMap((p) => (p.listener ? [p.listener] : []));
  const conflicts = computeListenerConflicts(valid.filter((l) => SUPPORTED_PROTOCOLS.has(l.protocol)));
  const nodes = parsed.map((p) => (p.listener ? buildListenerNode(p.listener, p.index, conflicts, input, ctx) : buildInvalidListenerNode(p, input.gatewayKey)));
  const overlapping = computeOverlappingTLSListeners(nodes.filter((n) => n.protocol === 'HTTPS' && n.accepted.status === 'True'));
  return nodes.map((n) => {
    const others = overlapping.get(n.name);
    return others ? { ...n, overlappingTLS: listenerOverlappingTLSConfig(`Hostname overlaps with listeners ${others.join(', ')} on port ${n.port}`) } : n;
  });
}

interface ProcessedListener {
  index: number;
  name: string;
  raw: unknown;
  listener?: Listener;
  problem?: string;
}

/** Parses each listener; a listener whose name repeats an earlier one is left out (status is keyed by name). */
function processListeners(raw: readonly unknown[]): ProcessedListener[] {
  const seen = new Set<string>();
  const out: ProcessedListener[] = [];
  raw.forEach((item, index) => {
    const rawName = (item as { name?: unknown } | null)?.name;
    const name = typeof rawName === 'string' && rawName !== '' ? rawName : `listener-${index}`;
    if (seen.has(name)) return;
    seen.add(name);
    const parsed = listenerSchema.safeParse(item);
    out.push(parsed.success ? { index, name, raw: item, listener: parsed.data } : { index, name, raw: item, problem: describeIssues(parsed.error, `spec.listeners[${index}]`) });
  });
  return out;
}

function buildInvalidListenerNode(p: ProcessedListener, gatewayKey: string): ListenerNode {
  const raw = (p.raw ?? {}) as { port?: unknown; protocol?: unknown };
  return {
    gatewayKey,
    name: p.name,
    port: typeof raw.port === 'number' ? raw.port : 0,
    protocol: typeof raw.protocol === 'string' ? raw.protocol : '',
    allowedRoutes: { from: 'Same' },
    supportedKinds: [],
    accepted: listenerNotAccepted('UnsupportedValue', p.problem ?? 'invalid listener'),
    resolvedRefs: listenerResolvedRefs(),
    notProgrammable: listenerNotProgrammed('Listener is not accepted'),
    certificates: [],
  };
}

function buildListenerNode(
  listener: Listener,
  index: number,
  conflicts: ReadonlyMap<string, ListenerConflict>,
  input: ListenerBuildInput,
  ctx: CertificateContext,
): ListenerNode {
  const field = `spec.listeners[${index}]`;
  const supported = SUPPORTED_PROTOCOLS.has(listener.protocol);
  const kinds = supported ? bindRouteKinds(listener) : { kinds: [], invalid: [] };
  const tls = supported && listener.protocol === 'HTTPS' ? bindListenerTLS(listener, input, field, ctx) : { certificates: [], problems: [] };
  const conflict = conflicts.get(listener.name);

  let accepted = listenerAccepted();
  let notProgrammable: DesiredCondition | undefined;
  if (!supported) {
    accepted = listenerNotAccepted('UnsupportedProtocol', `${field}.protocol: ${JSON.stringify(listener.protocol)} is not supported; use HTTP or HTTPS`);
    notProgrammable = listenerNotProgrammed('Listener is not accepted');
  } else if (conflict) {
    accepted = listenerNotAccepted(conflict.reason, conflict.message);
    notProgrammable = listenerNotProgrammed(conflict.message);
  } else if (selectorProblem(listener)) {
    const message = `${field}.allowedRoutes.namespaces: ${selectorProblem(listener)}`;
    accepted = listenerNotAccepted('UnsupportedValue', message);
    notProgrammable = listenerNotProgrammed(message);
  } else if (listener.protocol === 'HTTPS' && listener.tls === undefined) {
    const message = `${field}.tls: an HTTPS listener needs tls.certificateRefs naming a kubernetes.io/tls Secret`;
    accepted = listenerNotAccepted('Invalid', message);
    notProgrammable = listenerInvalidTLSConfig(message);
  } else if (listener.protocol === 'HTTPS' && input.frontendValidation) {
    const message = 'spec.tls.frontend (client-certificate validation) is not supported by Portico; remove it';
    accepted = listenerNotAccepted('UnsupportedValue', message);
    notProgrammable = listenerNotProgrammed(message);
  } else if (listener.protocol === 'HTTPS' && tls.certificates.length === 0) {
    notProgrammable = listenerNotProgrammed(`${field}.tls: no usable certificate`);
  }

  return {
    gatewayKey: input.gatewayKey,
    name: listener.name,
    port: listener.port,
    protocol: listener.protocol,
    ...(listener.hostname ? { hostname: listener.hostname } : {}),
    allowedRoutes: {
      from: listener.allowedRoutes.namespaces.from,
      ...(listener.allowedRoutes.namespaces.selector ? { selector: listener.allowedRoutes.namespaces.selector } : {}),
    },
    supportedKinds: kinds.kinds,
    accepted,
    resolvedRefs: listenerRefsCondition(tls.problems, kinds.invalid, field),
    ...(conflict ? { conflicted: listenerConflicted(conflict.reason, conflict.message) } : {}),
    ...(notProgrammable ? { notProgrammable } : {}),
    certificates: tls.certificates,
  };
}

function selectorProblem(listener: Listener): string | undefined {
  const { from, selector } = listener.allowedRoutes.namespaces;
  if (from !== 'Selector') return undefined;
  if (!selector) return 'from: Selector needs a selector';
  return matchLabelSelector(selector, {}) === 'invalid' ? 'selector: unknown operator, or values that do not fit the operator' : undefined;
}

function bindRouteKinds(listener: Listener): { kinds: RouteGroupKind[]; invalid: RouteGroupKind[] } {
  const requested = listener.allowedRoutes.kinds;
  if (requested === undefined || requested.length === 0) return { kinds: [...HTTP_LISTENER_KINDS], invalid: [] };
  const valid = (k: RouteGroupKind) => HTTP_LISTENER_KINDS.some((s) => s.group === k.group && s.kind === k.kind);
  const kinds = HTTP_LISTENER_KINDS.filter((s) => requested.some((k) => k.group === s.group && k.kind === s.kind));
  return { kinds, invalid: requested.filter((k) => !valid(k)) };
}

function bindListenerTLS(listener: Listener, input: ListenerBuildInput, field: string, ctx: CertificateContext): { certificates: CertificateSource[]; problems: CertificateRefProblem[] } {
  const refs = listener.tls?.certificateRefs ?? [];
  return bindCertificateRefs(refs, input.gatewayNamespace, `${field}.tls.certificateRefs`, ctx);
}

/** Certificate problems come first (they stop serving); one reason, every problem in the message. */
function listenerRefsCondition(problems: readonly CertificateRefProblem[], invalidKinds: readonly RouteGroupKind[], field: string): DesiredCondition {
  const messages = problems.map((p) => p.message);
  if (invalidKinds.length > 0) {
    const names = invalidKinds.map((k) => `${k.group}/${k.kind}`).join(', ');
    messages.push(`${field}.allowedRoutes.kinds: ${names} cannot attach to this listener; supported: HTTPRoute, GRPCRoute`);
  }
  const first = problems[0];
  if (first) return listenerRefsNotResolved(first.reason, messages.join('; '));
  if (invalidKinds.length > 0) return listenerRefsNotResolved('InvalidRouteKinds', messages.join('; '));
  return listenerResolvedRefs();
}
