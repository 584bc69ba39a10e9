import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import { routeChanges, type RouteChanges } from '@/server/graph/graph-reuse';
import type { Graph, RouteNode } from '@/server/graph/graph-types';
import { byCodeUnit, compareRelated, describeRelated } from '@/server/diagnostics/describe-related';
import type { CollisionIndex, DiagnosticsCache, HostnameClaim, RouteClaims } from '@/server/diagnostics/diagnostics-cache';
import type { Finding, RelatedRoute, RouteKey } from '@/server/diagnostics/diagnostic-types';

/**
 * Hostname collisions across namespaces (SEMANTICS 3.7, the "hostname hijack" case): routes of
 * different namespaces attached to one listener that serve the same exact hostname (an
 * intersected hostname, so a listener hostname counts for routes without hostnames). Their rules
 * merge and compete by precedence, and on equal matches the older route wins, so a newer route
 * of one team can lose traffic to, or take it from, another team's route.
 *
 * Wildcards and "any host" are left out: sharing those is how a shared listener normally works,
 * and the exact-host case is the one where one team can take over another's name.
 * One finding per (route, hostname), on every route involved.
 */
export interface HostnameCollisionFinding extends RouteKey {
  finding: Finding;
}

interface Claim {
  route: RouteNode;
  listener: string;
}

export function findHostnameCollisions(graph: Graph, cache?: DiagnosticsCache): HostnameCollisionFinding[] {
  if (!cache) return collisionsOf(graph);
  const index = cache.collisions;
  const changes = index.routes && !index.updating ? routeChanges(index.routes, graph.routes) : undefined;
  index.updating = true;
  const dirty = new Set<string>();
  if (!changes || !patchClaims(index, changes, cache, dirty)) {
    index.byHost.clear();
    index.findings.clear();
    dirty.clear();
    for (const route of graph.routes) addClaims(index, claimsOf(route, cache), route, dirty);
  }
  for (const hostname of dirty) {
    const groups = index.byHost.get(hostname);
    const found = groups ? hostFindings(hostname, groups) : [];
    if (found.length > 0) index.findings.set(hostname, found);
    else index.findings.delete(hostname);
  }
  index.routes = graph.routes;
  index.updating = false;
  const out: HostnameCollisionFinding[] = [];
  for (const found of index.findings.values()) out.push(...found);
  return out;
}

/** Patches the index by the changed routes; false if it does not hold a claim it should (then it is rebuilt). */
function patchClaims(index: CollisionIndex, changes: RouteChanges, cache: DiagnosticsCache, dirty: Set<string>): boolean {
  // Findings name routes by kind, namespace and name only: an edited route that claims
  // exactly what it claimed before changes none.
  for (const [before, after] of changes.replaced) {
    const [a, b] = [claimsOf(before, cache), claimsOf(after, cache)];
    if (sameClaims(a, b)) continue;
    if (!removeClaims(index, a, dirty)) return false;
    addClaims(index, b, after, dirty);
  }
  for (const route of changes.removed) if (!removeClaims(index, claimsOf(route, cache), dirty)) return false;
  for (const route of changes.added) addClaims(index, claimsOf(route, cache), route, dirty);
  return true;
}

function claimsOf(route: RouteNode, cache: DiagnosticsCache): RouteClaims {
  let mine = cache.claims.get(route);
  if (!mine) cache.claims.set(route, (mine = hostnameClaims(route)));
  return mine;
}

function sameClaims(a: RouteClaims, b: RouteClaims): boolean {
  if (a.id !== b.id || a.claims.length !== b.claims.length) return false;
  return a.claims.every((c, i) => c.listener === b.claims[i]!.listener && c.hostname === b.claims[i]!.hostname);
}

/** Files a route's claims in the index (a claim made twice, through two parentRefs, is counted twice and named once). */
function addClaims(index: CollisionIndex, mine: RouteClaims, route: RouteNode, dirty: Set<string>): void {
  for (const { listener, hostname } of mine.claims) {
    dirty.add(hostname);
    let groups = index.byHost.get(hostname);
    if (!groups) index.byHost.set(hostname, (groups = []));
    let group = groups.find((g) => g.listener === listener);
    if (!group) groups.push((group = { listener, members: [] }));
    const member = group.members.find((m) => m.id === mine.id);
    if (member) member.count++;
    else group.members.push({ id: mine.id, kind: route.kind, namespace: route.namespace, name: route.name, count: 1 });
  }
}

function removeClaims(index: CollisionIndex, mine: RouteClaims, dirty: Set<string>): boolean {
  for (const { listener, hostname } of mine.claims) {
    dirty.add(hostname);
    const groups = index.byHost.get(hostname);
    const at = groups ? groups.findIndex((g) => g.listener === listener) : -1;
    const members = at < 0 ? [] : groups![at]!.members;
    const m = members.findIndex((x) => x.id === mine.id);
    if (m < 0) return false;
    if (--members[m]!.count > 0) continue;
    members.splice(m, 1);
    if (members.length > 0) continue;
    groups!.splice(at, 1);
    if (groups!.length === 0) index.byHost.delete(hostname);
  }
  return true;
}

/** The uncached walk: every route's claims grouped by listener and hostname, then each hostname's findings. */
function collisionsOf(graph: Graph): HostnameCollisionFinding[] {
  // hostname -> listener -> routes (deduplicated over parentRefs)
  const claims = new Map<string, Map<string, Map<string, Claim>>>();
  for (const route of graph.routes) {
    const mine = hostnameClaims(route);
    for (const { listener, hostname } of mine.claims) {
      let byListener = claims.get(hostname);
      if (!byListener) claims.set(hostname, (byListener = new Map()));
      let routes = byListener.get(listener);
      if (!routes) byListener.set(listener, (routes = new Map()));
      routes.set(mine.id, { route, listener });
    }
  }
  const out: HostnameCollisionFinding[] = [];
  for (const [hostname, byListener] of claims) {
    const groups = [...byListener].map(([listener, routes]) => ({ listener, members: [...routes].map(([id, { route }]) => ({ id, kind: route.kind, namespace: route.namespace, name: route.name })) }));
    out.push(...hostFindings(hostname, groups));
  }
  return out;
}

/** The findings about one hostname: per route, the listeners where other namespaces' routes serve it too, and those routes. */
function hostFindings(hostname: string, groups: readonly { listener: string; members: readonly (RouteKey & { id: string })[] }[]): HostnameCollisionFinding[] {
  const found = new Map<string, { route: RouteKey; listeners: Set<string>; related: Map<string, RelatedRoute> }>();
  for (const { listener, members } of groups) {
    if (members.every((m) => m.namespace === members[0]!.namespace)) continue;
    for (const route of members) {
      let f = found.get(route.id);
      if (!f) found.set(route.id, (f = { route, listeners: new Set(), related: new Map() }));
      f.listeners.add(listener);
      for (const other of members) {
        if (other.namespace === route.namespace) continue;
        f.related.set(other.id, { kind: other.kind, namespace: other.namespace, name: other.name });
      }
    }
  }

  return [...found.values()].map(({ route, listeners, related }) => {
    const self: RouteKey = { kind: route.kind, namespace: route.namespace, name: route.name };
    const relatedList = [...related.values()].sort(compareRelated);
    const listenerList = [...listeners].sort(byCodeUnit);
    const finding: Finding = {
      type: 'HostnameCollision',
      listeners: listenerList,
      hostnames: [hostname],
      message:
        `hostname ${hostname} on listener ${listenerList.join(', ')} is also served by ${describeRelated(self, relatedList)}: ` +
        'the rules of all these routes compete by precedence and, where they are equal, the older route wins.',
      related: relatedList,
    };
    return { ...self, finding };
  });
}

/** The exact hostnames a route serves, per listener it is accepted on (wildcards and any-host left out). */
function hostnameClaims(route: RouteNode): RouteClaims {
  const out: HostnameClaim[] = [];
  for (const binding of route.parents) {
    if (binding.accepted.status !== 'True') continue;
    for (const attached of binding.listeners) {
      const listener = `${binding.gatewayKey}/${attached.listenerName}`;
      for (const hostname of attached.hostnames) {
        if (hostname === ANY_HOST || isWildcardHostname(hostname)) continue;
        out.push({ listener, hostname });
      }
    }
  }
  return { id: `${route.kind}/${route.key}`, claims: out };
}
