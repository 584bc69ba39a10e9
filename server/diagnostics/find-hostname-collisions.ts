import { ANY_HOST, isWildcardHostname } from '@/lib/routing/hostnames';
import type { Graph, RouteNode } from '@/server/graph/graph-types';
import { byCodeUnit, compareRelated, describeRelated } from '@/server/diagnostics/describe-related';
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

export function findHostnameCollisions(graph: Graph): HostnameCollisionFinding[] {
  // listener -> hostname -> routes (deduplicated over parentRefs)
  const claims = new Map<string, Map<string, Map<string, Claim>>>();
  for (const route of graph.routes) {
    for (const binding of route.parents) {
      if (binding.accepted.status !== 'True') continue;
      for (const attached of binding.listeners) {
        const listener = `${binding.gatewayKey}/${attached.listenerName}`;
        for (const hostname of attached.hostnames) {
          if (hostname === ANY_HOST || isWildcardHostname(hostname)) continue;
          let byHost = claims.get(listener);
          if (!byHost) claims.set(listener, (byHost = new Map()));
          let routes = byHost.get(hostname);
          if (!routes) byHost.set(hostname, (routes = new Map()));
          routes.set(`${route.kind}/${route.key}`, { route, listener });
        }
      }
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
