import { createSnapshotHashCache, versionSnapshot } from '@/lib/ir/compute-snapshot-version';
import type { IrListener } from '@/lib/ir/listener';
import { IR_SCHEMA_VERSION, type IrCertificate, type RoutingSnapshot } from '@/lib/ir/snapshot';
import type { Graph, ResolvedBackend, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import { sameDeps, type Memo, type TranslateCache } from '@/server/translate/translate-cache';
import { translateListener, type ListenerAttachment, type TranslatedListener } from '@/server/translate/translate-listener';
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
  const attachments = translateAttachments(graph.routes);
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
  const seen = new Map<string, Memo<TranslatedListener | undefined>>();
  for (const gateway of graph.gateways) {
    if (gateway.specProblem || gateway.bindAddresses.length === 0) continue;
    for (const listener of gateway.listeners) {
      if (listener.accepted.status !== 'True' || listener.notProgrammable) continue;
      const name = `${gateway.key}/${listener.name}`;
      const result = translateListener(gateway, listener, attachments.get(name) ?? [], ruleOf, cache?.listeners.get(name));
      seen.set(name, result);
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

/** translateRule through the cache: reused while the route object and every input the graph resolved for the rule are the same. */
function cachedRule(cache: TranslateCache, graph: Graph, route: RouteNode, node: RouteRuleNode): TranslatedRule | undefined {
  let byIndex = cache.rules.get(route.source);
  if (!byIndex) cache.rules.set(route.source, (byIndex = new Map()));
  const previous = byIndex.get(node.index);
  // Collected into a reused scratch list: most rules are unchanged, and then nothing is kept.
  const deps = collectRuleDeps(graph, node, cache.scratch);
  if (previous && sameDeps(previous.deps, deps)) return previous.value;
  const value = translateRule(route, node, graph);
  byIndex.set(node.index, { deps: [...deps], value });
  return value;
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
 * accepted parentRef. A route bound to one listener through several parentRefs appears once,
 * with the union of its served hostnames.
 */
function translateAttachments(routes: readonly RouteNode[]): Map<string, ListenerAttachment[]> {
  // Nested by gateway then listener, so no key string is built per route and listener.
  const byGateway = new Map<string, Map<string, Map<RouteNode, ListenerAttachment>>>();
  for (const route of routes) {
    for (const binding of route.parents) {
      if (binding.accepted.status !== 'True') continue;
      let byListener = byGateway.get(binding.gatewayKey);
      if (!byListener) byGateway.set(binding.gatewayKey, (byListener = new Map()));
      for (const attached of binding.listeners) {
        let routesHere = byListener.get(attached.listenerName);
        if (!routesHere) byListener.set(attached.listenerName, (routesHere = new Map()));
        const existing = routesHere.get(route);
        if (!existing) routesHere.set(route, { route, hostnames: [...attached.hostnames] });
        else for (const h of attached.hostnames) if (!existing.hostnames.includes(h)) existing.hostnames.push(h);
      }
    }
  }
  const out = new Map<string, ListenerAttachment[]>();
  for (const [gatewayKey, byListener] of byGateway) {
    for (const [listenerName, routesHere] of byListener) out.set(`${gatewayKey}/${listenerName}`, [...routesHere.values()]);
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
