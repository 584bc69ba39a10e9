import { createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import type { IrListener } from '@/lib/ir/listener';
import { IR_SCHEMA_VERSION, type IrCertificate, type RoutingSnapshot } from '@/lib/ir/snapshot';
import { replacedRoutes } from '@/server/graph/graph-reuse';
import type { Graph, ResolvedBackend, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { sameDeps, type ListenerMemo, type RouteAttachment, type TranslateCache } from '@/server/translate/translate-cache';
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
      const unchanged =
        previous !== undefined &&
        previous.listener === listener &&
        previous.gatewayKey === gateway.key &&
        previous.services === graph.services &&
        previous.endpointSlices === graph.endpointSlicesByService &&
        sameDeps(previous.bindAddresses, gateway.bindAddresses) &&
        sameDeps(previous.attachments, here);
      const result = unchanged ? previous.result : translateListener(gateway, listener, here, ruleOf, previous?.result, cache !== undefined);
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
  const pairs = last && replacedRoutes(last.routes, routes);
  const patched = cache && last && pairs ? patchGroups(cache, last.groups, pairs) : undefined;
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
 * The last groups with each replaced route's attachment swapped for its successor's, in place
 * in a copy of each list touched (lists already handed out are never changed). Undefined when a
 * replaced route moved to other listeners: then everything is grouped again.
 */
function patchGroups(cache: TranslateCache, groups: Map<string, ListenerAttachment[]>, pairs: readonly [RouteNode, RouteNode][]): Map<string, ListenerAttachment[]> | undefined {
  let out: Map<string, ListenerAttachment[]> | undefined;
  const copied = new Set<string>();
  for (const [before, after] of pairs) {
    const was = attachmentsOf(before, cache);
    const is = attachmentsOf(after, cache);
    if (was.length !== is.length) return undefined;
    for (let k = 0; k < was.length; k++) {
      const key = was[k]!.listenerKey;
      if (is[k]!.listenerKey !== key) return undefined;
      out ??= new Map(groups);
      let list = out.get(key);
      if (!list) return undefined;
      if (!copied.has(key)) {
        out.set(key, (list = list.slice()));
        copied.add(key);
      }
      // Found in the list as it was (two routes can swap places: duplicates of one key).
      const at = groups.get(key)!.indexOf(was[k]!.attachment);
      if (at < 0) return undefined;
      list[at] = is[k]!.attachment;
    }
  }
  return out ?? groups;
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
