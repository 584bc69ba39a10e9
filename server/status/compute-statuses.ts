import type { Graph } from '@/server/graph/graph-types';
import { computeGatewayClassStatus } from '@/server/status/compute-gateway-class-status';
import { computeGatewayStatus } from '@/server/status/compute-gateway-status';
import { computeRouteStatus } from '@/server/status/compute-route-status';
import { computeAttachedRoutes } from '@/server/status/compute-attached-routes';
import type { DesiredStatuses, StatusInputs } from '@/server/status/status-types';

/** Graph (+ proxy acknowledgements) -> desired status of every object we reconcile. Pure. */
export function computeStatuses(graph: Graph, inputs: StatusInputs): DesiredStatuses {
  const attached = computeAttachedRoutes(graph.routes);
  return {
    gatewayClasses: graph.classes.map((c) => computeGatewayClassStatus(c, inputs)),
    gateways: graph.gateways.map((g) => computeGatewayStatus(g, inputs.programming.get(g.key), attached)),
    routes: graph.routes.map((r) => computeRouteStatus(r, graph.controllerName)),
  };
}
