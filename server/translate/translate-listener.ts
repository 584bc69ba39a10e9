import { irListenerName, type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import type { IrRule } from '@/lib/ir/route';
import type { IrCertificate } from '@/lib/ir/snapshot';
import { buildVirtualHosts, coveringHostnames, type VirtualHostCandidate } from '@/lib/routing/build-virtual-hosts';
import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
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

/** A translated listener with what it was made from, and how its virtual hosts were made (for the next translation to reuse). */
export interface ListenerTranslation extends Memo<TranslatedListener | undefined> {
  hosts?: VirtualHostsMemo;
}

/**
 * The virtual hosts of a listener and their inputs: per served hostname, the candidates in that
 * bucket (flat: entry, creationTimestamp, route hostnames), in candidate order.
 */
export interface VirtualHostsMemo {
  buckets: Map<string, unknown[]>;
  virtualHosts: IrVirtualHost[];
}

/** More changed buckets than this (or a changed wildcard bucket, which many hosts read) and every virtual host is built again. */
const MAX_PATCHED_HOSTS = 16;

/**
 * buildVirtualHosts, reusing the previous virtual host objects whose inputs did not change (so
 * their hashes are cached too). A virtual host for an exact hostname reads the buckets of the
 * hostnames covering it (itself, wider wildcards, `*`); when only exact hostnames' buckets
 * changed and the set of hostnames is the same, only those hosts are built again, from the
 * candidates that serve a hostname covering them, in the original order: the very input the
 * full build would give them. Anything else builds all of them.
 */
function virtualHostsReusing(candidates: readonly VirtualHostCandidate[], previous: VirtualHostsMemo | undefined): VirtualHostsMemo {
  const buckets = new Map<string, unknown[]>();
  for (const c of candidates) {
    for (const served of c.servedHostnames) {
      const bucket = buckets.get(served);
      if (bucket) bucket.push(c.route, c.creationTimestamp, c.hostnames);
      else buckets.set(served, [c.route, c.creationTimestamp, c.hostnames]);
    }
  }
  const changed = previous && changedBuckets(buckets, previous.buckets);
  if (!previous || !changed) return { buckets, virtualHosts: buildVirtualHosts(candidates) };
  if (changed.length === 0) return { buckets, virtualHosts: previous.virtualHosts };
  const rebuilt = new Map<string, IrVirtualHost>();
  for (const hostname of changed) {
    const covering = new Set(coveringHostnames(hostname));
    const subset = candidates.filter((c) => c.servedHostnames.some((h) => covering.has(h)));
    const host = buildVirtualHosts(subset).find((v) => v.hostname === hostname);
    if (!host) return { buckets, virtualHosts: buildVirtualHosts(candidates) };
    rebuilt.set(hostname, host);
  }
  return { buckets, virtualHosts: previous.virtualHosts.map((v) => rebuilt.get(v.hostname) ?? v) };
}

/**
 * The exact hostnames whose buckets differ, when the hostnames are the same as before and no
 * wildcard bucket changed; undefined when everything must be built again.
 */
function changedBuckets(buckets: ReadonlyMap<string, unknown[]>, previous: ReadonlyMap<string, unknown[]>): string[] | undefined {
  if (buckets.size !== previous.size) return undefined;
  const changed: string[] = [];
  for (const [hostname, bucket] of buckets) {
    const before = previous.get(hostname);
    if (!before) return undefined;
    if (sameDeps(before, bucket)) continue;
    if (hostname === ANY_HOST || isWildcardHostname(hostname) || changed.length === MAX_PATCHED_HOSTS) return undefined;
    changed.push(hostname);
  }
  return changed;
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
  previous?: ListenerTranslation,
  /** Keep what the virtual hosts were made from, for the next translation (only worth it with a cache). */
  remember = false,
): ListenerTranslation {
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
  const hosts = remember ? virtualHostsReusing(candidates, previous?.hosts) : undefined;

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
    virtualHosts: hosts ? hosts.virtualHosts : buildVirtualHosts(candidates),
  };
  return { deps, value: { listener: ir, certificates }, ...(hosts ? { hosts } : {}) };
}
