import { createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import type { IrListener } from '@/lib/ir/listener';
import { IR_SCHEMA_VERSION, type IrCertificate, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { compareRouteOrder, routeChanges, type RouteChanges } from '@/server/graph/graph-reuse';
import type { Graph, ResolvedBackend, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { sameDeps, type ListenerMemo, type RouteAttachment, type TranslateCache } from '@/server/translate/translate-cache';
import { patchListener } from '@/server/translate/patch-listener';
import { translateListener, type ListenerAttachment } from '@/server/translate/translate-listener';
import { translateRule, type TranslatedRule } from '@/server/translate/translate-rule';

export interface TranslateOptions {
  /**
   * Memory of earlier translations (createTranslateCache): unchanged rules and listeners are
   * reused rather than rebuilt and rehashed. The output is the same with or without it.
   */
  cache?: TranslateCache;
}

/**
 * Graph -> IR: one IrListener per accepted, programmable listener of an accepted Gateway of
 * ours, carrying the accepted rules of every route attached to it. Deterministic: listeners
 * sorted by port then name, certificates by id, rules by id, virtual hosts and their entries by
 * lib/routing's precedence keys; the version is the content hash. No I/O, clock or logging.
 */
export function translateGraph(graph: Graph, options: TranslateOptions = {}): RoutingSnapshot {
  const cache = options.cache;
  const attachments = groupAttachments(graph.routes, cache);
  // A rule attached to several listeners is translated once and shared (also by hash caches).
  const memo = new Map<RouteRuleNode, TranslatedRule | undefined>();
  const ruleOf = (route: RouteNode, node: RouteRuleNode): TranslatedRule | undefined => {
    if (memo.has(node)) return memo.get(node);
    const translated = cache ? cachedRule(cache, graph, route, node) : translateRule(route, node, graph);
    memo.set(node, translated);
    return translated;
  };

  const listeners: IrListener[] = [];
  const certificates = new Map<string, IrCertificate>();
  const seen = new Map<string, ListenerMemo>();
  for (const gateway of graph.gateways) {
    if (gateway.specProblem || gateway.bindAddresses.length === 0) continue;
    for (const listener of gateway.listeners) {
      if (listener.accepted.status !== 'True' || listener.notProgrammable) continue;
      const name = `${gateway.key}/${listener.name}`;
      const here = attachments.get(name) ?? NO_ATTACHMENTS;
      const previous = cache?.listeners.get(name);
      // Same listener node, addresses, attached route nodes and Service/EndpointSlice maps: the
      // same listener, without looking at any of its rules.
      const sameWorld =
        previous !== undefined &&
        previous.listener === listener &&
        previous.gatewayKey === gateway.key &&
        previous.services === graph.services &&
        previous.endpointSlices === graph.endpointSlicesByService &&
        sameDeps(previous.bindAddresses, gateway.bindAddresses);
      // Only some attachments differ: patch the previous listener with the added and removed ones.
      const result = !sameWorld
        ? translateListener(gateway, listener, here, ruleOf, previous?.result, cache !== undefined)
        : sameDeps(previous.attachments, here)
          ? previous.result
          : (patchListener(previous.result, here, ruleOf) ?? translateListener(gateway, listener, here, ruleOf, previous.result, true));
      if (cache) {
        seen.set(name, {
          gatewayKey: gateway.key,
          bindAddresses: gateway.bindAddresses,
          listener,
          attachments: here,
          services: graph.services,
          endpointSlices: graph.endpointSlicesByService,
          result,
        });
      }
      if (!result.value) continue;
      listeners.push(result.value.listener);
      for (const c of result.value.certificates) certificates.set(c.id, c);
    }
  }
  if (cache) cache.listeners = seen;
  listeners.sort((a, b) => a.port - b.port || byCodeUnit(a.name, b.name));
  const sortedCertificates = [...certificates.values()].sort((a, b) => byCodeUnit(a.id, b.id));
  // Without a cache, one for this call still hashes a rule shared by several listeners once.
  return versionSnapshot({ schemaVersion: IR_SCHEMA_VERSION, listeners, certificates: sortedCertificates }, cache?.hashCache ?? createSnapshotHashCache());
}

const NO_ATTACHMENTS: readonly ListenerAttachment[] = Object.freeze([]);

/**
 * translateRule through the cache: reused while the route object and every input the graph
 * resolved for the rule are the same. The same rule node with the same Services and
 * EndpointSlice lists is the quick check; otherwise the rule's inputs are compared one by one.
 */
function cachedRule(cache: TranslateCache, graph: Graph, route: RouteNode, node: RouteRuleNode): TranslatedRule | undefined {
  let byIndex = cache.rules.get(route.source);
  if (!byIndex) cache.rules.set(route.source, (byIndex = new Map()));
  const previous = byIndex.get(node.index);
  if (previous && previous.node === node && targetsHold(graph, previous.targets)) return previous.value;
  // Collected into a reused scratch list: most rules are unchanged, and then nothing is kept.
  const deps = collectRuleDeps(graph, node, cache.scratch);
  const targets = collectTargets(graph, node);
  if (previous && sameDeps(previous.deps, deps)) {
    byIndex.set(node.index, { deps: previous.deps, value: previous.value, node, targets });
    return previous.value;
  }
  const value = translateRule(route, node, graph);
  byIndex.set(node.index, { deps: [...deps], value, node, targets });
  return value;
}

/** What translateRule looks up for a rule (Services and their EndpointSlice lists), flat: key, Service, slices. */
function collectTargets(graph: Graph, node: RouteRuleNode): unknown[] {
  const out: unknown[] = [];
  for (const list of [node.backends, node.mirrors]) {
    for (const b of list) {
      if (b.serviceKey === undefined) continue;
      out.push(b.serviceKey, graph.services.get(b.serviceKey), graph.endpointSlicesByService.get(b.serviceKey));
    }
  }
  return out;
}

function targetsHold(graph: Graph, targets: readonly unknown[]): boolean {
  for (let i = 0; i < targets.length; i += 3) {
    const key = targets[i] as string;
    if (graph.services.get(key) !== targets[i + 1] || graph.endpointSlicesByService.get(key) !== targets[i + 2]) return false;
  }
  return true;
}

/** Everything a rule's IR depends on beyond the route object: backend and mirror verdicts, their Services and EndpointSlices. */
function collectRuleDeps(graph: Graph, node: RouteRuleNode, out: unknown[]): unknown[] {
  out.length = 0;
  collectBackendDeps(graph, node.backends, out);
  collectBackendDeps(graph, node.mirrors, out);
  return out;
}

function collectBackendDeps(graph: Graph, backends: readonly ResolvedBackend[], out: unknown[]): void {
  out.push(backends.length);
  for (const b of backends) {
    out.push(b.weight, b.problem?.reason, b.problem?.message, b.serviceKey, b.appProtocol);
    if (b.serviceKey === undefined) continue;
    const slices = graph.endpointSlicesByService.get(b.serviceKey) ?? [];
    out.push(graph.services.get(b.serviceKey), slices.length);
    for (const slice of slices) out.push(slice);
  }
}

/**
 * Routes by the listener (`namespace/gateway/listener`) they are attached to through an
 * accepted parentRef, in route order. A route bound to one listener through several parentRefs
 * appears once, with the union of its served hostnames. With a cache, each route node's
 * attachments are made once and reused for as long as the node is.
 */
function groupAttachments(routes: readonly RouteNode[], cache: TranslateCache | undefined): Map<string, ListenerAttachment[]> {
  const last = cache?.lastGroups;
  const changes = last && routeChanges(last.routes, routes);
  const patched = cache && last && changes ? patchGroups(cache, last.groups, changes) : undefined;
  if (patched) {
    cache!.lastGroups = { routes, groups: patched };
    return patched;
  }
  const out = new Map<string, ListenerAttachment[]>();
  for (const route of routes) {
    for (const { listenerKey, attachment } of attachmentsOf(route, cache)) {
      const list = out.get(listenerKey);
      if (list) list.push(attachment);
      else out.set(listenerKey, [attachment]);
    }
  }
  if (cache) cache.lastGroups = { routes, groups: out };
  return out;
}

function attachmentsOf(route: RouteNode, cache: TranslateCache | undefined): readonly RouteAttachment[] {
  let mine = cache?.attachments.get(route);
  if (!mine) {
    mine = routeAttachments(route);
    cache?.attachments.set(route, mine);
  }
  return mine;
}

/**
 * The last groups after `changes`, each list touched copied first (lists already handed out are
 * never changed): a replaced route's attachment swapped in place where it stays on the same
 * listeners, otherwise (and for removed and added routes) taken out of its lists and put in at
 * its route-order position. Undefined when the groups do not hold what they should (then
 * everything is grouped again).
 */
function patchGroups(cache: TranslateCache, groups: Map<string, ListenerAttachment[]>, changes: RouteChanges): Map<string, ListenerAttachment[]> | undefined {
  if (changes.replaced.length + changes.removed.length + changes.added.length === 0) return groups;
  const out = new Map(groups);
  const copied = new Set<string>();
  const listOf = (key: string): ListenerAttachment[] => {
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    else if (!copied.has(key)) out.set(key, (list = list.slice()));
    copied.add(key);
    return list;
  };
  const removed: RouteNode[] = [...changes.removed];
  const added: RouteNode[] = [...changes.added];
  for (const [before, after] of changes.replaced) {
    const was = attachmentsOf(before, cache);
    const is = attachmentsOf(after, cache);
    if (was.length !== is.length || was.some((a, k) => a.listenerKey !== is[k]!.listenerKey)) {
      removed.push(before);
      added.push(after);
      continue;
    }
    for (let k = 0; k < was.length; k++) {
      const list = listOf(was[k]!.listenerKey);
      const at = list.indexOf(was[k]!.attachment);
      if (at < 0) return undefined;
      list[at] = is[k]!.attachment;
    }
  }
  for (const route of removed) {
    for (const { listenerKey, attachment } of attachmentsOf(route, cache)) {
      const list = listOf(listenerKey);
      const at = list.indexOf(attachment);
      if (at < 0) return undefined;
      list.splice(at, 1);
    }
  }
  for (const route of added) {
    for (const { listenerKey, attachment } of attachmentsOf(route, cache)) {
      const list = listOf(listenerKey);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareRouteOrder(list[mid]!.route, route) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (lo < list.length && compareRouteOrder(list[lo]!.route, route) === 0) return undefined;
      list.splice(lo, 0, attachment);
    }
  }
  for (const key of copied) if (out.get(key)!.length === 0) out.delete(key);
  return out;
}

function routeAttachments(route: RouteNode): RouteAttachment[] {
  const out: RouteAttachment[] = [];
  for (const binding of route.parents) {
    if (binding.accepted.status !== 'True') continue;
    for (const attached of binding.listeners) {
      const listenerKey = `${binding.gatewayKey}/${attached.listenerName}`;
      const existing = out.find((a) => a.listenerKey === listenerKey);
      if (!existing) out.push({ listenerKey, attachment: { route, hostnames: [...attached.hostnames] } });
      else for (const h of attached.hostnames) if (!existing.attachment.hostnames.includes(h)) existing.attachment.hostnames.push(h);
    }
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
