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
    routes: cache ? graph.routes.map((r) => cachedRouteStatus(cache, r, graph.controllerName)) : graph.routes.map((r) => computeRouteStatus(r, graph.controllerName)),
  };
}

function cachedRouteStatus(cache: StatusCache, route: RouteNode, controllerName: string): RouteDesiredStatus {
  const memo = cache.routes.get(route);
  if (memo && memo.controllerName === controllerName) return memo.status;
  const status = computeRouteStatus(route, controllerName);
  cache.routes.set(route, { controllerName, status });
  return status;
}
