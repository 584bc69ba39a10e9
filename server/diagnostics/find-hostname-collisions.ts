import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import { replacedRoutes } from '@/server/graph/graph-reuse';
import type { Graph, RouteNode } from '@/server/graph/graph-types';
import { byCodeUnit, compareRelated, describeRelated } from '@/server/diagnostics/describe-related';
import type { DiagnosticsCache, HostnameClaim, RouteClaims } from '@/server/diagnostics/diagnostics-cache';
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
  // Findings name routes by kind, namespace and name only: when the routes differ from the last
  // call only by edited routes that claim exactly what they claimed before, so do the findings.
  const last = cache?.lastCollisions;
  const pairs = last && replacedRoutes(last.routes, graph.routes);
  if (cache && last && pairs && pairs.every(([before, after]) => sameClaims(claimsOf(before, cache), claimsOf(after, cache)))) {
    cache.lastCollisions = { routes: graph.routes, findings: last.findings };
    return [...last.findings];
  }
  const findings = collisionsOf(graph, cache);
  if (cache) cache.lastCollisions = { routes: graph.routes, findings };
  return [...findings];
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

function collisionsOf(graph: Graph, cache: DiagnosticsCache | undefined): HostnameCollisionFinding[] {
  // listener -> hostname -> routes (deduplicated over parentRefs)
  const claims = new Map<string, Map<string, Map<string, Claim>>>();
  for (const route of graph.routes) {
    const mine = cache ? claimsOf(route, cache) : hostnameClaims(route);
    if (mine.claims.length === 0) continue;
    const id = mine.id;
    for (const { listener, hostname } of mine.claims) {
      let byHost = claims.get(listener);
      if (!byHost) claims.set(listener, (byHost = new Map()));
      let routes = byHost.get(hostname);
      if (!routes) byHost.set(hostname, (routes = new Map()));
      routes.set(id, { route, listener });
    }
  }

  // (route, hostname) -> listeners and other-namespace routes
  const found = new Map<string, { route: RouteNode; hostname: string; listeners: Set<string>; related: Map<string, RelatedRoute> }>();
  for (const [listener, byHost] of claims) {
    for (const [hostname, routes] of byHost) {
      const namespaces = new Set([...routes.values()].map((c) => c.route.namespace));
      if (namespaces.size < 2) continue;
      for (const { route } of routes.values()) {
        const key = `${route.kind}/${route.key}\u0000${hostname}`;
        let f = found.get(key);
        if (!f) found.set(key, (f = { route, hostname, listeners: new Set(), related: new Map() }));
        f.listeners.add(listener);
        for (const [otherKey, other] of routes) {
          if (other.route.namespace === route.namespace) continue;
          f.related.set(otherKey, { kind: other.route.kind, namespace: other.route.namespace, name: other.route.name });
        }
      }
    }
  }

  return [...found.values()].map(({ route, hostname, listeners, related }) => {
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
