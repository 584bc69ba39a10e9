import type { IrRule } from '@/lib/ir/route';
import type { VirtualHostCandidate } from '@/lib/routing/build-virtual-hosts';
import { compareRouteOrder } from '@/server/graph/graph-reuse';
import type { RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import {
  candidatesOf,
  isExactHostname,
  MAX_PATCHED_HOSTS,
  patchVirtualHosts,
  sameAttachment,
  type BucketDelta,
  type ListenerInputs,
  type ListenerAttachment,
  type ListenerTranslation,
} from '@/server/translate/translate-listener';
import type { TranslatedRule } from '@/server/translate/translate-rule';

/** More attachments differing than this and the listener is translated whole. */
const MAX_PATCHED_ATTACHMENTS = 32;

/**
 * translateListener for a listener whose header (Gateway, listener node, addresses) and whose
 * Services and EndpointSlices are exactly as in `previous`, and only a few attachments differ:
 * the caller vouches for that, so an attachment still in the list (the same object: the same
 * route node) has the same rules as before, and only the added ones are translated. The rules
 * list is the previous one without the removed attachments' rules and with the added ones put in
 * at their id position; the virtual hosts are patched (patchVirtualHosts) when every hostname the
 * differing attachments serve is exact. Undefined when that does not hold (a wildcard or `*`
 * hostname, too many differences, no memory of how `previous` was made): translate it whole.
 * The result is equal to translateListener's.
 */
export function patchListener(
  previous: ListenerTranslation,
  attachments: readonly ListenerAttachment[],
  translateRule: (route: RouteNode, node: RouteRuleNode) => TranslatedRule | undefined,
): ListenerTranslation | undefined {
  const { made, hosts, value } = previous;
  if (!made || !hosts || !value) return undefined;
  const diff = diffAttachments(made.attachments, attachments);
  if (!diff) return undefined;
  const touched = new Set<string>();
  for (const i of diff.removed) for (const h of made.attachments[i]!.hostnames) touched.add(h);
  for (const j of diff.added) for (const h of attachments[j]!.hostnames) touched.add(h);
  if (touched.size > MAX_PATCHED_HOSTS) return undefined;
  for (const h of touched) if (!isExactHostname(h)) return undefined;

  // The spans of the new list: the previous span where the attachment stayed, a translation where it is new.
  const spans = new Array<readonly (TranslatedRule | undefined)[]>(attachments.length);
  for (let j = 0; j < attachments.length; j++) {
    const i = diff.from[j]!;
    spans[j] = i >= 0 ? made.spans[i]! : attachments[j]!.route.rules.map((node) => translateRule(attachments[j]!.route, node));
  }
  const inputs: ListenerInputs = { header: made.header, attachments, spans };
  // Routes replaced by ones that give the same content (a route node rebuilt for nothing): the same
  // listener. (Its memory stays as it was: its buckets hold the earlier attachments' candidates.)
  if (diff.removed.length === diff.added.length && diff.removed.every((i, k) => sameAttachment(made.attachments[i]!, made.spans[i]!, attachments[diff.added[k]!]!, spans[diff.added[k]!]!))) {
    return previous;
  }

  const gone = new Set<IrRule>();
  const goneServed = new Set<readonly string[]>();
  for (const i of diff.removed) {
    goneServed.add(made.attachments[i]!.hostnames);
    for (const rule of made.spans[i]!) if (rule) gone.add(rule.rule);
  }
  const rules = gone.size > 0 ? value.listener.rules.filter((r) => !gone.has(r)) : value.listener.rules.slice();
  const fresh: VirtualHostCandidate[] = [];
  for (const j of diff.added) {
    for (const rule of spans[j]!) {
      if (!rule) continue;
      insertById(rules, rule.rule);
      candidatesOf(attachments[j]!, rule, fresh);
    }
  }

  // Only the touched (exact) hostnames' buckets change; only their own virtual hosts read them.
  // New candidates go at the end of a bucket: a host's order comes from its precedence sort, not from the bucket.
  const buckets = new Map(hosts.buckets);
  const delta: BucketDelta = { changed: [], added: [], removed: [] };
  for (const hostname of touched) {
    const before = hosts.buckets.get(hostname);
    const bucket = (before ?? []).filter((c) => !goneServed.has(c.servedHostnames));
    for (const c of fresh) if (c.servedHostnames.includes(hostname)) bucket.push(c);
    if (bucket.length > 0) buckets.set(hostname, bucket);
    else buckets.delete(hostname);
    if (!before) {
      if (bucket.length > 0) delta.added.push(hostname);
    } else if (bucket.length === 0) delta.removed.push(hostname);
    else delta.changed.push(hostname);
  }
  const virtualHosts = patchVirtualHosts(hosts.virtualHosts, buckets, delta);
  return {
    value: { listener: { ...value.listener, rules, virtualHosts }, certificates: value.certificates },
    hosts: { buckets, virtualHosts },
    made: inputs,
  };
}

interface AttachmentDiff {
  /** Per attachment now: its index in the previous list, or -1 (added). */
  from: Int32Array;
  /** Indexes in the previous list. */
  removed: number[];
  /** Indexes in the new list. */
  added: number[];
}

/**
 * Both lists are in graph route order: one merge walk finds the attachments removed and added
 * (a replaced route's attachment counts as both). Undefined past MAX_PATCHED_ATTACHMENTS.
 */
function diffAttachments(before: readonly ListenerAttachment[], now: readonly ListenerAttachment[]): AttachmentDiff | undefined {
  const diff: AttachmentDiff = { from: new Int32Array(now.length).fill(-1), removed: [], added: [] };
  let i = 0;
  let j = 0;
  while (i < before.length || j < now.length) {
    const a = before[i];
    const b = now[j];
    if (a !== undefined && a === b) {
      diff.from[j++] = i++;
      continue;
    }
    if (diff.removed.length + diff.added.length >= MAX_PATCHED_ATTACHMENTS) return undefined;
    const order = a === undefined ? 1 : b === undefined ? -1 : compareRouteOrder(a.route, b.route);
    if (order <= 0) diff.removed.push(i++);
    if (order >= 0) diff.added.push(j++);
  }
  return diff;
}

/** Puts `rule` into `rules` (sorted by id, code units) at its place. */
function insertById(rules: IrRule[], rule: IrRule): void {
  let lo = 0;
  let hi = rules.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rules[mid]!.id < rule.id) lo = mid + 1;
    else hi = mid;
  }
  rules.splice(lo, 0, rule);
}
