import type { IrGrpcRoute, IrHttpRoute, IrRoute } from '@/lib/ir/route';
import type { IrVirtualHost } from '@/lib/ir/listener';
import type { RoutingSnapshot } from '@/lib/ir/snapshot';
import { byCodeUnit, compareRelated, describeRelated } from '@/server/diagnostics/describe-related';
import type { DiagnosticsCache } from '@/server/diagnostics/diagnostics-cache';
import type { Finding, RelatedRoute, RouteKey } from '@/server/diagnostics/diagnostic-types';
import { contributionsOf, positionsOf, updateShadowIndex, type VirtualHostShadows } from '@/server/diagnostics/shadow-index';
import { coveringPrefixes, grpcMatchSubsumes, httpMatchSubsumes, normalizedPrefix } from '@/server/diagnostics/match-subsumes';

/**
 * Shadowed rules: route entries that are programmed but can never serve a request, because in
 * every virtual host they appear in, an entry earlier in precedence order (which the proxy tries
 * first) matches every request they match (match-subsumes.ts). Within one virtual host every
 * candidate applies to every host the virtual host serves, so the per-virtual-host check is
 * exact; across virtual hosts and listeners an entry counts only if it is shadowed everywhere.
 *
 * Sound, not complete: one earlier entry must cover the later one on its own (a union of several
 * is not considered), and an entry shadowed by another match of its own rule is not reported
 * (the same rule serves the request either way).
 */

/** At most this many earlier entries are compared per index bucket: bounds the cost on huge shared hosts (a miss only loses a finding). */
const MAX_CANDIDATES_PER_BUCKET = 64;

interface Occurrence {
  entry: IrRoute;
  seen: number;
  shadowed: number;
  /** Filled only once the entry is shadowed somewhere (most never are: no allocation for them). */
  where?: { shadowers: Map<string, RelatedRoute>; listeners: Set<string>; hostnames: Set<string> };
}

export interface ShadowedRuleFinding extends RouteKey {
  finding: Finding;
}

export function findShadowedRules(snapshot: RoutingSnapshot, cache?: DiagnosticsCache): ShadowedRuleFinding[] {
  if (cache) return findShadowedRulesCached(snapshot, cache);
  const occurrences = new Map<string, Occurrence>();
  for (const listener of snapshot.listeners) {
    for (const vhost of listener.virtualHosts) {
      const shadowers = findShadowersInOrder(vhost.routes);
      vhost.routes.forEach((entry, i) => record(occurrences, entry, listener.name, vhost.hostname, shadowers[i]));
    }
  }
  return summarize(occurrences);
}

/**
 * The same findings, from the shadow index (shadow-index.ts) kept in the cache: virtual hosts
 * analysed once per object, and findings recomputed only for the rules whose occurrences came
 * or went since the last call, the others kept. Rules never shadowed anywhere yield none, and
 * a rule with a shadowed occurrence gathers all of its occurrences, as the uncached walk does.
 * Findings come out in another order; analyzeRoutes sorts them.
 */
function findShadowedRulesCached(snapshot: RoutingSnapshot, cache: DiagnosticsCache): ShadowedRuleFinding[] {
  const { shadowIndex: index, ruleFindings } = cache;
  const dirty = updateShadowIndex(index, snapshot, analyzeVirtualHost, () => ruleFindings.clear());
  for (const rule of dirty) {
    if (!index.hits.has(rule)) {
      ruleFindings.delete(rule);
      continue;
    }
    const occurrences = new Map<string, Occurrence>();
    for (const c of contributionsOf(index, rule)) {
      for (const i of positionsOf(c, rule)) record(occurrences, c.vhost.routes[i]!, c.listener, c.vhost.hostname, c.shadows.shadowers?.[i]);
    }
    const found = summarize(occurrences);
    if (found.length > 0) ruleFindings.set(rule, found);
    else ruleFindings.delete(rule);
  }
  index.updating = false;
  const out: ShadowedRuleFinding[] = [];
  for (const found of ruleFindings.values()) out.push(...found);
  return out;
}

const NONE: readonly string[] = [];

function analyzeVirtualHost(vhost: IrVirtualHost): VirtualHostShadows {
  const shadowers = findShadowersInOrder(vhost.routes);
  const rules = new Set<string>();
  const hitRules = new Set<string>();
  vhost.routes.forEach((entry, i) => {
    rules.add(entry.rule);
    if (shadowers[i]) hitRules.add(entry.rule);
  });
  if (hitRules.size === 0) return { shadowers: undefined, rules: [...rules], hitRules: NONE };
  return { shadowers, rules: [...rules], hitRules: [...hitRules] };
}

/** Counts one occurrence of an entry (as the uncached walk does). */
function record(occurrences: Map<string, Occurrence>, entry: IrRoute, listenerName: string, hostname: string, by: IrRoute | undefined): void {
  let o = occurrences.get(entry.id);
  if (!o) occurrences.set(entry.id, (o = { entry, seen: 0, shadowed: 0 }));
  o.seen++;
  if (by === undefined) return;
  o.shadowed++;
  o.where ??= { shadowers: new Map(), listeners: new Set(), hostnames: new Set() };
  o.where.listeners.add(listenerName);
  o.where.hostnames.add(hostname);
  const s = by.source;
  o.where.shadowers.set(by.rule, { kind: s.kind, namespace: s.namespace, name: s.name, ruleIndex: s.ruleIndex });
}

/** Per entry of one virtual host (in precedence order): the earliest entry of another rule that subsumes it, if any. */
export function findShadowersInOrder(entries: readonly IrRoute[]): (IrRoute | undefined)[] {
  if (entries.length < 2) return entries.map(() => undefined);
  const http = new Map<string, number[]>();
  const grpc = new Map<string, number[]>();
  return entries.map((entry, position) => {
    const index = entry.kind === 'HTTPRoute' ? http : grpc;
    const keys = entry.kind === 'HTTPRoute' ? httpLookupKeys(entry) : grpcLookupKeys(entry);
    let best: number | undefined;
    for (const key of keys) {
      const bucket = index.get(key) ?? [];
      for (let k = 0, checked = 0; k < bucket.length && checked < MAX_CANDIDATES_PER_BUCKET; k++) {
        const candidate = entries[bucket[k] as number] as IrRoute;
        if (candidate.rule === entry.rule) continue;
        checked++;
        if (best !== undefined && (bucket[k] as number) > best) break;
        if (subsumes(candidate, entry)) {
          best = bucket[k] as number;
          break; // buckets are in precedence order: the first hit is the earliest in this bucket
        }
      }
    }
    const ownKey = entry.kind === 'HTTPRoute' ? httpIndexKey(entry) : grpcIndexKey(entry);
    const bucket = index.get(ownKey);
    if (bucket) bucket.push(position);
    else index.set(ownKey, [position]);
    return best === undefined ? undefined : entries[best];
  });
}

function subsumes(a: IrRoute, b: IrRoute): boolean {
  if (a.kind === 'HTTPRoute' && b.kind === 'HTTPRoute') return httpMatchSubsumes(a.match, b.match);
  if (a.kind === 'GRPCRoute' && b.kind === 'GRPCRoute') return grpcMatchSubsumes(a.match, b.match);
  return false; // HTTPRoute and GRPCRoute entries are never compared (separate lists in the proxy)
}

/** The bucket an HTTP entry is filed under: its path. */
function httpIndexKey(e: IrHttpRoute): string {
  const { type, value } = e.match.path;
  return type === 'PathPrefix' ? `P:${normalizedPrefix(value)}` : type === 'Exact' ? `E:${value}` : `R:${value}`;
}

/** The buckets whose paths can cover this entry's path (pathSubsumes decides; these only narrow). */
function httpLookupKeys(e: IrHttpRoute): string[] {
  const { type, value } = e.match.path;
  if (type === 'Exact') return [`E:${value}`, ...coveringPrefixes(value).map((p) => `P:${p}`)];
  if (type === 'PathPrefix') return coveringPrefixes(normalizedPrefix(value)).map((p) => `P:${p}`);
  return [`R:${value}`, 'P:/'];
}

function grpcIndexKey(e: IrGrpcRoute): string {
  const m = e.match.method;
  if (m === undefined) return '*';
  if (m.type === 'RegularExpression') return `r:${m.service ?? ''}\u0000${m.method ?? ''}`;
  if (m.service !== undefined && m.method !== undefined) return `e:${m.service}/${m.method}`;
  return m.service !== undefined ? `s:${m.service}` : `m:${m.method ?? ''}`;
}

function grpcLookupKeys(e: IrGrpcRoute): string[] {
  const m = e.match.method;
  if (m === undefined) return ['*'];
  if (m.type === 'RegularExpression') return ['*', grpcIndexKey(e)];
  const keys = ['*'];
  if (m.service !== undefined && m.method !== undefined) keys.push(`e:${m.service}/${m.method}`);
  if (m.service !== undefined) keys.push(`s:${m.service}`);
  if (m.method !== undefined) keys.push(`m:${m.method}`);
  return keys;
}

/** Per rule: one finding if all its entries are shadowed everywhere, else one per such match. */
function summarize(occurrences: Map<string, Occurrence>): ShadowedRuleFinding[] {
  const byRule = new Map<string, Occurrence[]>();
  for (const o of occurrences.values()) {
    const list = byRule.get(o.entry.rule);
    if (list) list.push(o);
    else byRule.set(o.entry.rule, [o]);
  }
  const out: ShadowedRuleFinding[] = [];
  for (const entries of byRule.values()) {
    const dead = entries.filter((o) => o.shadowed === o.seen).sort((a, b) => a.entry.source.matchIndex - b.entry.source.matchIndex);
    if (dead.length === 0) continue;
    const whole = dead.length === entries.length;
    for (const group of whole ? [dead] : dead.map((o) => [o])) out.push(toFinding(group, whole));
  }
  return out;
}

function toFinding(group: Occurrence[], wholeRule: boolean): ShadowedRuleFinding {
  const source = (group[0] as Occurrence).entry.source;
  const route: RouteKey = { kind: source.kind, namespace: source.namespace, name: source.name };
  const related = new Map<string, RelatedRoute>();
  const listeners = new Set<string>();
  const hostnames = new Set<string>();
  for (const { where } of group) {
    if (!where) continue;
    for (const [id, r] of where.shadowers) related.set(id, r);
    for (const l of where.listeners) listeners.add(l);
    for (const h of where.hostnames) hostnames.add(h);
  }
  const relatedList = [...related.values()].sort(compareRelated);
  const label = source.ruleName === undefined ? `rule ${source.ruleIndex}` : `rule ${source.ruleIndex} (${source.ruleName})`;
  const subject = wholeRule ? label : `match ${source.matchIndex} of ${label}`;
  const tail = wholeRule ? '' : '; the rule still serves requests through its other matches';
  const finding: Finding = {
    type: 'ShadowedRule',
    ruleIndex: source.ruleIndex,
    ...(wholeRule ? {} : { matchIndex: source.matchIndex }),
    ...(source.ruleName === undefined ? {} : { ruleName: source.ruleName }),
    listeners: [...listeners].sort(byCodeUnit),
    hostnames: [...hostnames].sort(byCodeUnit),
    message: `${subject} never serves a request: on ${listHosts([...hostnames].sort(byCodeUnit))}, every request it matches is taken first by a higher-precedence rule (${describeRelated(route, relatedList)})${tail}.`,
    related: relatedList,
  };
  return { ...route, finding };
}

/** `a.example.com`, `a.example.com and b.example.com`, `a, b, c and 2 more hosts`; `*` reads "any host". */
function listHosts(hosts: readonly string[]): string {
  const named = hosts.slice(0, 3).map((h) => (h === '*' ? 'any host' : h));
  const more = hosts.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${more} more hosts`;
  return named.length <= 1 ? (named[0] ?? 'any host') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] as string}`;
}
