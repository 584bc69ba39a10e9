import { irListenerName, type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import type { IrRule } from '@/lib/ir/route';
import type { IrCertificate } from '@/lib/ir/snapshot';
import { bucketCandidates, buildVirtualHost, buildVirtualHosts, insertVirtualHosts, type VirtualHostCandidate } from '@/lib/routing/build-virtual-hosts';
import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import type { GatewayNode, ListenerNode, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { sameDeps } from '@/server/translate/translate-cache';
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
export interface ListenerTranslation {
  value: TranslatedListener | undefined;
  hosts?: VirtualHostsMemo;
  /** What the value was made from (kept with a cache). */
  made?: ListenerInputs;
}

/** A listener's inputs: its header values, its attachments and each one's rules (by rule node, undefined where dropped). */
export interface ListenerInputs {
  header: readonly unknown[];
  attachments: readonly ListenerAttachment[];
  spans: readonly (readonly (TranslatedRule | undefined)[])[];
}

/**
 * The virtual hosts of a listener and their inputs: per served hostname, the candidates in that
 * bucket, in candidate order (bucketCandidates).
 */
export interface VirtualHostsMemo {
  buckets: Map<string, VirtualHostCandidate[]>;
  virtualHosts: IrVirtualHost[];
}

/** More changed buckets than this (or a changed wildcard bucket, which many hosts read) and every virtual host is built again. */
export const MAX_PATCHED_HOSTS = 16;

/**
 * buildVirtualHosts, reusing the previous virtual host objects whose inputs did not change (so
 * their hashes and the proxy's compiled tables are cached too). A virtual host for an exact
 * hostname reads the buckets of the hostnames covering it (itself, wider wildcards, `*`), and
 * only its own host reads an exact hostname's bucket. So when only exact hostnames' buckets
 * were added, removed or changed, only those hosts are built again (buildVirtualHost: the very
 * input the full build would give them), removed ones dropped and added ones inserted at their
 * precedence position. Anything else builds all of them.
 */
function virtualHostsReusing(candidates: readonly VirtualHostCandidate[], previous: VirtualHostsMemo | undefined): VirtualHostsMemo {
  const buckets = bucketCandidates(candidates);
  const delta = previous && changedBuckets(buckets, previous.buckets);
  if (!previous || !delta) return { buckets, virtualHosts: buildVirtualHosts(candidates, buckets) };
  return { buckets, virtualHosts: patchVirtualHosts(previous.virtualHosts, buckets, delta) };
}

/** The previous virtual hosts with the exact hostnames of `delta` built again from `buckets`, dropped or inserted; the others kept as they were. */
export function patchVirtualHosts(previous: IrVirtualHost[], buckets: ReadonlyMap<string, readonly VirtualHostCandidate[]>, delta: BucketDelta): IrVirtualHost[] {
  const { changed, added, removed } = delta;
  let virtualHosts = previous;
  if (changed.length > 0 || removed.length > 0) {
    const rebuilt = new Map(changed.map((hostname) => [hostname, buildVirtualHost(hostname, buckets)]));
    const gone = new Set(removed);
    virtualHosts = [];
    for (const v of previous) if (!gone.has(v.hostname)) virtualHosts.push(rebuilt.get(v.hostname) ?? v);
  }
  if (added.length > 0) virtualHosts = insertVirtualHosts(virtualHosts, added.map((hostname) => buildVirtualHost(hostname, buckets)));
  return virtualHosts;
}

export interface BucketDelta {
  changed: string[];
  added: string[];
  removed: string[];
}

/** A hostname only its own virtual host reads (not a wildcard, not any host). */
export const isExactHostname = (hostname: string) => hostname !== ANY_HOST && hostname !== '' && !isWildcardHostname(hostname);

/** Same candidates in the same order, by what a virtual host reads of them. */
function sameBucket(a: readonly VirtualHostCandidate[], b: readonly VirtualHostCandidate[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.route !== y.route || x.creationTimestamp !== y.creationTimestamp || !sameDeps(x.hostnames, y.hostnames)) return false;
  }
  return true;
}

/**
 * The exact hostnames whose buckets were added, removed or differ (at most MAX_PATCHED_HOSTS in
 * all); undefined when a wildcard or `*` bucket changed, or too many did: build everything.
 */
function changedBuckets(buckets: ReadonlyMap<string, readonly VirtualHostCandidate[]>, previous: ReadonlyMap<string, readonly VirtualHostCandidate[]>): BucketDelta | undefined {
  const delta: BucketDelta = { changed: [], added: [], removed: [] };
  let count = 0;
  const note = (hostname: string, into: string[]) => {
    if (!isExactHostname(hostname) || count === MAX_PATCHED_HOSTS) return false;
    into.push(hostname);
    count++;
    return true;
  };
  let kept = 0;
  for (const [hostname, bucket] of buckets) {
    const before = previous.get(hostname);
    if (!before) {
      if (!note(hostname, delta.added)) return undefined;
      continue;
    }
    kept++;
    if (!sameBucket(before, bucket) && !note(hostname, delta.changed)) return undefined;
  }
  if (kept !== previous.size) {
    for (const hostname of previous.keys()) if (!buckets.has(hostname) && !note(hostname, delta.removed)) return undefined;
  }
  return delta;
}

/**
 * One programmable Gateway listener: its port (the proxy adds the port offset), protocol,
 * hostname, TLS certificates, the rules of every route attached to it (sorted by id, code-unit
 * order, as the IR's delta logic requires) and its virtual hosts in precedence order. The value
 * is undefined for a protocol the IR cannot carry or an HTTPS listener left without material.
 *
 * Returns the value with what it was made from; when that equals `previous.made` (same header,
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
  if (listener.protocol !== 'HTTP' && listener.protocol !== 'HTTPS') return { value: undefined };
  const certificates = listener.protocol === 'HTTPS' ? listener.certificates.flatMap((c) => translateCertificate(c) ?? []) : [];
  if (listener.protocol === 'HTTPS' && certificates.length === 0) return { value: undefined };

  const header: unknown[] = [gateway.namespace, gateway.name, gateway.bindAddresses.join(','), listener.name, listener.port, listener.protocol, listener.hostname, ...certificates.map((c) => c.id)];
  const translated: { attachment: ListenerAttachment; rule: TranslatedRule }[] = [];
  const spans: (TranslatedRule | undefined)[][] = [];
  for (const attachment of attachments) {
    const span = attachment.route.rules.map((node) => translateRule(attachment.route, node));
    spans.push(span);
    for (const rule of span) if (rule) translated.push({ attachment, rule });
  }
  const made: ListenerInputs = { header, attachments, spans };
  if (previous?.made && sameInputs(previous.made, made)) return previous;

  const rules: IrRule[] = [];
  const candidates: VirtualHostCandidate[] = [];
  for (const { attachment, rule } of translated) {
    rules.push(rule.rule);
    candidatesOf(attachment, rule, candidates);
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
  return { value: { listener: ir, certificates }, ...(hosts ? { hosts, made } : {}) };
}

/** Same header values, and per attachment the same route object, served hostnames and rule objects. */
function sameInputs(a: ListenerInputs, b: ListenerInputs): boolean {
  if (!sameDeps(a.header, b.header) || a.attachments.length !== b.attachments.length) return false;
  for (let k = 0; k < a.attachments.length; k++) {
    if (!sameAttachment(a.attachments[k]!, a.spans[k]!, b.attachments[k]!, b.spans[k]!)) return false;
  }
  return true;
}

/** Two attachments give the same listener content: same route object, served hostnames and rule objects. */
export function sameAttachment(a: ListenerAttachment, aSpan: readonly unknown[], b: ListenerAttachment, bSpan: readonly unknown[]): boolean {
  return (a === b || (a.route.source === b.route.source && sameDeps(a.hostnames, b.hostnames))) && sameDeps(aSpan, bSpan);
}

/** A virtual host candidate per entry of a rule of `attachment`. */
export function candidatesOf(attachment: ListenerAttachment, rule: TranslatedRule, into: VirtualHostCandidate[]): void {
  const { route, hostnames } = attachment;
  for (const entry of rule.entries) {
    into.push({ route: entry, creationTimestamp: route.source.metadata.creationTimestamp, hostnames: route.hostnames, servedHostnames: hostnames });
  }
}
