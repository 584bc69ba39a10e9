import type { LabelSelector } from '@/lib/gateway-api/shared/label-selector';

/**
 * The listener editor's pure parts: listeners are kept as the raw objects of the Gateway (so
 * fields the editor does not show survive an edit), changed through these helpers.
 */

export type RawListener = Record<string, unknown> & { name?: string; protocol?: string; port?: number; hostname?: string };
export type FromMode = 'Same' | 'All' | 'Selector';

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP'] as const;
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const;
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

interface CertRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

export function allowedFrom(l: RawListener): FromMode {
  const from = ((l.allowedRoutes as { namespaces?: { from?: string } } | undefined)?.namespaces?.from ?? 'Same') as FromMode;
  return from === 'All' || from === 'Selector' ? from : 'Same';
}

export function allowedSelector(l: RawListener): LabelSelector | undefined {
  return (l.allowedRoutes as { namespaces?: { selector?: LabelSelector } } | undefined)?.namespaces?.selector;
}

export function allowedKinds(l: RawListener): string[] {
  const kinds = (l.allowedRoutes as { kinds?: { kind: string }[] } | undefined)?.kinds ?? [];
  return kinds.map((k) => k.kind);
}

export function certificateRefs(l: RawListener): CertRef[] {
  return ((l.tls as { certificateRefs?: CertRef[] } | undefined)?.certificateRefs ?? []).map((c) => ({ ...c }));
}

/** `team=web, env=prod` -> matchLabels; blank -> undefined; a malformed pair -> an error message. */
export function parseMatchLabels(text: string): { selector?: LabelSelector; error?: string } {
  const pairs = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (pairs.length === 0) return {};
  const matchLabels: Record<string, string> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z0-9][-A-Za-z0-9_./]*)\s*=\s*([-A-Za-z0-9_.]*)$/.exec(pair);
    if (!m) return { error: `"${pair}" is not key=value` };
    matchLabels[m[1]!] = m[2]!;
  }
  return { selector: { matchLabels } };
}

export function formatMatchLabels(selector: LabelSelector | undefined): string {
  return Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

export function withAllowedRoutes(l: RawListener, from: FromMode, selector: LabelSelector | undefined, kinds: string[]): RawListener {
  const namespaces = from === 'Selector' ? { from, selector: selector ?? { matchLabels: {} } } : { from };
  const allowedRoutes: Record<string, unknown> = { ...(l.allowedRoutes as object | undefined), namespaces };
  if (kinds.length > 0) allowedRoutes.kinds = kinds.map((kind) => ({ group: GATEWAY_GROUP, kind }));
  else delete allowedRoutes.kinds;
  return { ...l, allowedRoutes };
}

/** Switching protocol keeps TLS only where it is allowed, and gives HTTPS a Terminate block. */
export function withProtocol(l: RawListener, protocol: string): RawListener {
  const next: RawListener = { ...l, protocol };
  if (protocol === 'HTTP' || protocol === 'TCP' || protocol === 'UDP') delete next.tls;
  else if (protocol === 'HTTPS') next.tls = { ...(l.tls as object | undefined), mode: 'Terminate' };
  else if (protocol === 'TLS' && !l.tls) next.tls = { mode: 'Passthrough' };
  if ((protocol === 'TCP' || protocol === 'UDP') && 'hostname' in next) delete next.hostname;
  return next;
}

export function withCertificateRefs(l: RawListener, refs: CertRef[]): RawListener {
  const tls = { ...(l.tls as object | undefined), certificateRefs: refs.filter((r) => r.name).map((r) => ({ group: r.group ?? '', kind: r.kind ?? 'Secret', name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) })) };
  return { ...l, tls };
}

export function withField(l: RawListener, field: 'name' | 'hostname', value: string): RawListener {
  const next: RawListener = { ...l };
  if (value === '' && field === 'hostname') delete next.hostname;
  else next[field] = value;
  return next;
}

export function newListener(existing: RawListener[]): RawListener {
  const names = new Set(existing.map((l) => l.name));
  let i = existing.length + 1;
  while (names.has(`listener-${i}`)) i++;
  return { name: `listener-${i}`, protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } };
}
