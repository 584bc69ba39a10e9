import type { TopologyEdge, TopologyNode } from '@/lib/api/topology';

/**
 * The object whose RBAC decides whether a node is visible: the node's own object, or the
 * object it is part of (a listener is part of its Gateway, a rule and a missing backend are
 * part of their route: what the caller sees of them is in that object's spec and status).
 */
export interface NodeAccess {
  apiGroup: string;
  resource: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
}

/** A node before authorization: the wire node plus who may see it. */
export interface BuiltNode extends TopologyNode {
  access: NodeAccess;
  /** True for nodes that stand for an object of their own (counted when hidden); false for parts. */
  object: boolean;
}

/** The whole graph as the controller sees it, for every caller alike (the server filters it per caller). */
export interface FullTopology {
  nodes: BuiltNode[];
  edges: TopologyEdge[];
  ready: boolean;
}
