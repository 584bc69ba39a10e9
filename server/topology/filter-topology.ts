import type { TopologyEdge, TopologyEdgeKind, TopologyModel, TopologyNode, TopologyQuery } from '@/lib/api/topology';
import { topologyIds } from '@/server/topology/topology-ids';
import type { BuiltNode, FullTopology, NodeAccess } from '@/server/topology/topology-types';

/** Which end of an edge its label, reason and numbers come from (whose spec or status says so). */
const EDGE_OWNER: Record<TopologyEdgeKind, 'source' | 'target'> = {
  class: 'target', // gatewayClassName is in the Gateway's spec
  listener: 'source',
  attachment: 'target', // parentRefs and their status are the route's
  rule: 'source',
  backend: 'source',
  mirror: 'source',
  grant: 'source',
};

/**
 * One caller's view of the topology: RBAC first (a node is visible when the caller may `get`
 * the object it stands for or is part of; the rest fold into one counted `Hidden` placeholder
 * per namespace, and edges keep no text that came from a hidden object), then the view's
 * filters (namespace, Gateway, problems only). Pure: `canGet` is the authorizer's answer.
 */
export function filterTopology(full: FullTopology, canGet: (access: NodeAccess) => boolean, query: TopologyQuery = {}): TopologyModel {
  const decisions = new Map<string, boolean>();
  const visible = (access: NodeAccess) => {
    const key = `${access.apiGroup}/${access.resource}/${access.namespace ?? ''}/${access.name}`;
    let allowed = decisions.get(key);
    if (allowed === undefined) {
      allowed = canGet(access);
      decisions.set(key, allowed);
    }
    return allowed;
  };

  // Where each node's id lands in this view: itself, or its namespace's placeholder.
  const landing = new Map<string, string>();
  const shown: TopologyNode[] = [];
  const hidden = new Map<string, { count: number; gateways: Set<string> }>();
  for (const node of full.nodes) {
    if (visible(node.access)) {
      landing.set(node.id, node.id);
      shown.push(toWire(node));
      continue;
    }
    const namespace = node.access.namespace ?? '';
    landing.set(node.id, topologyIds.hidden(namespace));
    const entry = hidden.get(namespace) ?? { count: 0, gateways: new Set<string>() };
    if (node.object) entry.count++;
    for (const g of node.gateways) entry.gateways.add(g);
    hidden.set(namespace, entry);
  }
  const visibleGateways = new Set(shown.filter((n) => n.kind === 'Gateway').map((n) => `${n.namespace}/${n.name}`));
  for (const node of shown) node.gateways = node.gateways.filter((g) => visibleGateways.has(g));
  for (const [namespace, entry] of [...hidden].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    shown.push(placeholder(namespace, entry.count, [...entry.gateways].filter((g) => visibleGateways.has(g)).sort()));
  }

  const edges = new Map<string, TopologyEdge>();
  for (const edge of full.edges) {
    const source = landing.get(edge.source);
    const target = landing.get(edge.target);
    if (!source || !target || source === target) continue;
    const sourceHidden = source !== edge.source;
    const targetHidden = target !== edge.target;
    if (sourceHidden && targetHidden) continue;
    if (!sourceHidden && !targetHidden) {
      edges.set(edge.id, edge);
      continue;
    }
    const ownerHidden = EDGE_OWNER[edge.kind] === 'source' ? sourceHidden : targetHidden;
    const id = `${edge.kind}:${source}->${target}`;
    if (edges.has(id)) continue;
    edges.set(id, ownerHidden ? { id, source, target, kind: edge.kind, status: 'accepted' } : { ...edge, id, source, target });
  }

  const namespaces = [...new Set(shown.map((n) => n.namespace).filter((ns): ns is string => !!ns))].sort();
  return applyQuery({ nodes: shown, edges: [...edges.values()], namespaces, gateways: [...visibleGateways].sort(), ready: full.ready }, query);
}

function toWire(node: BuiltNode): TopologyNode {
  const { access: _access, object: _object, ...wire } = node;
  return { ...wire, gateways: [...wire.gateways] };
}

function placeholder(namespace: string, count: number, gateways: string[]): TopologyNode {
  const objects = `${count} hidden object${count === 1 ? '' : 's'}`;
  return {
    id: topologyIds.hidden(namespace),
    kind: 'Hidden',
    ...(namespace ? { namespace } : {}),
    name: '',
    label: namespace ? `${objects} in namespace ${namespace}` : `${objects} (cluster-scoped)`,
    status: 'accepted',
    summary: 'Hidden',
    conditions: [],
    gateways,
    details: [{ label: 'Why hidden', value: 'Your RBAC roles do not let you read these objects.' }],
    hiddenCount: count,
  };
}

/** The view's filters, applied after RBAC so placeholders filter like the objects they stand for. */
export function applyQuery(model: TopologyModel, query: TopologyQuery): TopologyModel {
  let nodes = model.nodes;
  if (query.namespace) nodes = nodes.filter((n) => n.namespace === query.namespace);
  if (query.gateway) {
    const gateway = query.gateway;
    nodes = nodes.filter((n) => n.gateways.includes(gateway));
  }
  let ids = new Set(nodes.map((n) => n.id));
  let edges = model.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  if (query.problemsOnly) {
    const keep = new Set(nodes.filter((n) => n.status !== 'accepted').map((n) => n.id));
    for (const e of edges) {
      if (e.status === 'accepted') continue;
      keep.add(e.source);
      keep.add(e.target);
    }
    nodes = nodes.filter((n) => keep.has(n.id));
    ids = keep;
    edges = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  }
  return { ...model, nodes, edges };
}
