import { z } from 'zod';

/**
 * Wire contracts of `GET /api/topology` and `GET /api/traffic`: the routing graph as the
 * controller sees it (GatewayClass -> Gateway -> listener -> route -> rule -> backend), with a
 * status per node and edge, already filtered by the caller's RBAC on the server. Objects the
 * caller may not `get` are folded into one `Hidden` placeholder per namespace that carries only
 * a count. Traffic is a separate, faster-changing document keyed by the ids edges carry, so the
 * graph's structure (and the layout computed from it) stays put while numbers change.
 */

export const TOPOLOGY_NODE_KINDS = [
  'GatewayClass',
  'Gateway',
  'Listener',
  'HTTPRoute',
  'GRPCRoute',
  'Rule',
  'Service',
  'ReferenceGrant',
  'Missing',
  'Hidden',
] as const;
export type TopologyNodeKind = (typeof TOPOLOGY_NODE_KINDS)[number];

export const TOPOLOGY_STATUSES = ['accepted', 'warning', 'error'] as const;
export type TopologyStatus = (typeof TOPOLOGY_STATUSES)[number];

/** Text shown next to every status colour (never colour alone). */
export const TOPOLOGY_STATUS_LABEL: Record<TopologyStatus, string> = {
  accepted: 'OK',
  warning: 'Warning',
  error: 'Error',
};

export const topologyConditionSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  /** Where the condition applies when an object has several (a route's parentRef, a listener). */
  scope: z.string().optional(),
});
export type TopologyCondition = z.infer<typeof topologyConditionSchema>;

export const topologyNodeSchema = z.object({
  /** Stable across reconciles for the same object: layout and React keys use it. */
  id: z.string(),
  kind: z.enum(TOPOLOGY_NODE_KINDS),
  /** Absent for cluster-scoped objects. */
  namespace: z.string().optional(),
  name: z.string(),
  /** One line for the node's face, e.g. `http :80 HTTP` or `/pay`. */
  label: z.string(),
  status: z.enum(TOPOLOGY_STATUSES),
  /** A short status text (a condition reason, `Accepted`...). */
  summary: z.string(),
  conditions: z.array(topologyConditionSchema),
  /** The object's console page. */
  href: z.string().optional(),
  /** The node this one folds into when that is collapsed (listener -> Gateway, rule -> route). */
  parent: z.string().optional(),
  /** Keys `namespace/name` of the Gateways this node is reachable from (the Gateway filter). */
  gateways: z.array(z.string()),
  /** Facts for the detail panel (port, protocol, hostnames...). */
  details: z.array(z.object({ label: z.string(), value: z.string() })),
  /** `Hidden` placeholders: how many objects of this namespace the caller may not read. */
  hiddenCount: z.number().int().optional(),
});
export type TopologyNode = z.infer<typeof topologyNodeSchema>;

export const TOPOLOGY_EDGE_KINDS = ['class', 'listener', 'attachment', 'rule', 'backend', 'mirror', 'grant'] as const;
export type TopologyEdgeKind = (typeof TOPOLOGY_EDGE_KINDS)[number];

export const topologyEdgeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  kind: z.enum(TOPOLOGY_EDGE_KINDS),
  label: z.string().optional(),
  status: z.enum(TOPOLOGY_STATUSES),
  /** Why the edge is broken (RefNotPermitted, BackendNotFound, NotAllowedByListeners...). */
  reason: z.string().optional(),
  message: z.string().optional(),
  /** Backend edges: the configured weight and its share of the rule's total (0..1). */
  weight: z.number().int().optional(),
  configuredShare: z.number().optional(),
  /** Where this edge's live numbers are in the traffic document. */
  traffic: z.object({ rule: z.string(), backend: z.string().optional() }).optional(),
});
export type TopologyEdge = z.infer<typeof topologyEdgeSchema>;

export const topologyModelSchema = z.object({
  nodes: z.array(topologyNodeSchema),
  edges: z.array(topologyEdgeSchema),
  /** Every namespace with a node the caller sees or a hidden placeholder (for the filter), sorted. */
  namespaces: z.array(z.string()),
  /** Every visible Gateway as `namespace/name` (for the filter), sorted. */
  gateways: z.array(z.string()),
  /** False until the controller has reconciled once. */
  ready: z.boolean(),
});
export type TopologyModel = z.infer<typeof topologyModelSchema>;

export interface TopologyQuery {
  namespace?: string;
  gateway?: string;
  problemsOnly?: boolean;
}

/** The query string of `GET /api/topology` for a filter (empty values are left out). */
export function topologySearchParams(query: TopologyQuery): string {
  const params = new URLSearchParams();
  if (query.namespace) params.set('namespace', query.namespace);
  if (query.gateway) params.set('gateway', query.gateway);
  if (query.problemsOnly) params.set('problemsOnly', 'true');
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const ruleTrafficSchema = z.object({
  /** Requests per second over the rate window. */
  rps: z.number(),
  /** Share of 5xx answers over the rate window (0..1). */
  errorRate: z.number(),
  /** 99th percentile latency in ms over the rate window (bucket upper bound); null without requests. */
  p99Ms: z.number().nullable(),
});
export type RuleTraffic = z.infer<typeof ruleTrafficSchema>;

export const backendTrafficSchema = z.object({
  rps: z.number(),
  errorRate: z.number(),
  /** This backend's share of the rule's picked requests over the split window (0..1); null without requests. */
  share: z.number().nullable(),
  /** Requests counted in the split window. */
  requests: z.number().int(),
});
export type BackendTraffic = z.infer<typeof backendTrafficSchema>;

export const trafficResponseSchema = z.object({
  /** False when no proxy reports (e.g. `--no-proxy`); `message` says why. */
  available: z.boolean(),
  message: z.string().optional(),
  rateWindowSeconds: z.number(),
  splitWindowSeconds: z.number(),
  /** By IR rule id (`HTTPRoute/<ns>/<name>/<index>`), only rules of routes the caller may read. */
  rules: z.record(z.string(), ruleTrafficSchema),
  /** By `trafficBackendKey(rule, backend)`. */
  backends: z.record(z.string(), backendTrafficSchema),
});
export type TrafficResponse = z.infer<typeof trafficResponseSchema>;

/** Key of a backend in `TrafficResponse.backends`: rule id and the proxy's backend name (`ns/name:port`, or `invalid`). */
export function trafficBackendKey(rule: string, backend: string): string {
  return `${rule}|${backend}`;
}
