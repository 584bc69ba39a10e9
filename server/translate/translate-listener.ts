import { irListenerName, type IrListener } from '@/lib/ir/listener';
import type { IrRule } from '@/lib/ir/route';
import type { IrCertificate } from '@/lib/ir/snapshot';
import { buildVirtualHosts, type VirtualHostCandidate } from '@/lib/routing/build-virtual-hosts';
import type { GatewayNode, ListenerNode, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { sameDeps, type Memo } from '@/server/translate/translate-cache';
import { translateCertificate } from '@/server/translate/translate-certificate';
import type { TranslatedRule } from '@/server/translate/translate-rule';

/** A route attached to one listener, with every hostname it is served under there. */
export interface ListenerAttachment {
  route: RouteNode;
  /** Intersected hostnames (`*` = any host), merged over the route's parentRefs. */
  hostnames: string[];
}

export interface TranslatedListener {
  listener: IrListener;
  certificates: IrCertificate[];
}

/**
 * One programmable Gateway listener: its port (the proxy adds the port offset), protocol,
 * hostname, TLS certificates, the rules of every route attached to it (sorted by id, code-unit
 * order, as the IR's delta logic requires) and its virtual hosts in precedence order. The value
 * is undefined for a protocol the IR cannot carry or an HTTPS listener left without material.
 *
 * Returns the value with what it was made from; when that equals `previous.deps` (same header,
 * same attachments, same rule objects), `previous` itself is returned, so an unchanged listener
 * keeps its identity (and its cached hash) across translations.
 */
export function translateListener(
  gateway: GatewayNode,
  listener: ListenerNode,
  attachments: readonly ListenerAttachment[],
  translateRule: (route: RouteNode, node: RouteRuleNode) => TranslatedRule | undefined,
  previous?: Memo<TranslatedListener | undefined>,
): Memo<TranslatedListener | undefined> {
  if (listener.protocol !== 'HTTP' && listener.protocol !== 'HTTPS') return { deps: [], value: undefined };
  const certificates = listener.protocol === 'HTTPS' ? listener.certificates.flatMap((c) => translateCertificate(c) ?? []) : [];
  if (listener.protocol === 'HTTPS' && certificates.length === 0) return { deps: [], value: undefined };

  const deps: unknown[] = [gateway.namespace, gateway.name, gateway.bindAddresses.join(','), listener.name, listener.port, listener.protocol, listener.hostname, ...certificates.map((c) => c.id)];
  const translated: { attachment: ListenerAttachment; rule: TranslatedRule }[] = [];
  for (const attachment of attachments) {
    deps.push(attachment.route.source, attachment.hostnames.length, ...attachment.hostnames);
    for (const node of attachment.route.rules) {
      const rule = translateRule(attachment.route, node);
      deps.push(rule);
      if (rule) translated.push({ attachment, rule });
    }
  }
  if (previous && sameDeps(previous.deps, deps)) return previous;

  const rules: IrRule[] = [];
  const candidates: VirtualHostCandidate[] = [];
  for (const { attachment, rule } of translated) {
    const { route, hostnames } = attachment;
    rules.push(rule.rule);
    for (const entry of rule.entries) {
      candidates.push({ route: entry, creationTimestamp: route.source.metadata.creationTimestamp, hostnames: route.hostnames, servedHostnames: hostnames });
    }
  }
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const ir: IrListener = {
    name: irListenerName(gateway, listener.name),
    gateway: { namespace: gateway.namespace, name: gateway.name },
    listenerName: listener.name,
    addresses: [...gateway.bindAddresses],
    port: listener.port,
    protocol: listener.protocol,
    ...(listener.hostname !== undefined ? { hostname: listener.hostname } : {}),
    ...(certificates.length > 0 ? { tls: { certificates: certificates.map((c) => ({ secret: c.secret, materialId: c.id })) } } : {}),
    rules,
    virtualHosts: buildVirtualHosts(candidates),
  };
  return { deps, value: { listener: ir, certificates } };
}
