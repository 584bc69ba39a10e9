import { compareRouteOrder } from '@/server/graph/graph-reuse';
import type { Graph, RouteNode } from '@/server/graph/graph-types';
import { computeGatewayClassStatus } from '@/server/status/compute-gateway-class-status';
import { computeGatewayStatus } from '@/server/status/compute-gateway-status';
import { computeRouteStatus } from '@/server/status/compute-route-status';
import { cachedAttachedRoutes, computeAttachedRoutes } from '@/server/status/compute-attached-routes';
import type { StatusCache } from '@/server/status/status-cache';
import type { DesiredStatuses, RouteDesiredStatus, StatusInputs } from '@/server/status/status-types';

export interface ComputeStatusesOptions {
  /** Memory of earlier computations (createStatusCache): unchanged route nodes keep their status. Same output without it. */
  cache?: StatusCache;
}

/** Graph (+ proxy acknowledgements) -> desired status of every object we reconcile. Pure. */
export function computeStatuses(graph: Graph, inputs: StatusInputs, options: ComputeStatusesOptions = {}): DesiredStatuses {
  const cache = options.cache;
  const attached = cache ? cachedAttachedRoutes(graph.routes, cache) : computeAttachedRoutes(graph.routes);
  return {
    gatewayClasses: graph.classes.map((c) => computeGatewayClassStatus(c, inputs)),
    gateways: graph.gateways.map((g) => computeGatewayStatus(g, inputs.programming.get(g.key), attached)),
    routes: cache ? cachedRouteStatuses(cache, graph.routes, graph.controllerName) : graph.routes.map((r) => computeRouteStatus(r, graph.controllerName)),
  };
}

/**
 * Every route's status through the cache. The routes are in graph order, as last time: walking
 * both lists together, a node that is still there takes its last status by position (a pointer
 * compare); only the others are looked up by node.
 */
function cachedRouteStatuses(cache: StatusCache, routes: readonly RouteNode[], controllerName: string): RouteDesiredStatus[] {
  const last = cache.lastRoutes?.controllerName === controllerName ? cache.lastRoutes : undefined;
  const out = new Array<RouteDesiredStatus>(routes.length);
  let i = 0;
  for (let j = 0; j < routes.length; j++) {
    const route = routes[j]!;
    if (last) {
      // Skip the routes that went (they sort before this one).
      while (i < last.routes.length && last.routes[i] !== route && compareRouteOrder(last.routes[i]!, route) < 0) i++;
      if (last.routes[i] === route) {
        out[j] = last.statuses[i++]!;
        continue;
      }
    }
    out[j] = cachedRouteStatus(cache, route, controllerName);
  }
  cache.lastRoutes = { routes, statuses: out, controllerName };
  return out;
}

function cachedRouteStatus(cache: StatusCache, route: RouteNode, controllerName: string): RouteDesiredStatus {
  const memo = cache.routes.get(route);
  if (memo && memo.controllerName === controllerName) return memo.status;
  const status = computeRouteStatus(route, controllerName);
  cache.routes.set(route, { controllerName, status });
  return status;
}
