import type { TopologyCondition, TopologyEdge } from '@/lib/api/topology';
import { referenceGrantSpecSchema } from '@/lib/gateway-api/reference-grant';
import { GATEWAY_GROUP } from '@/lib/gateway-api/shared/refs';
import { irRuleId } from '@/lib/ir/route';
import type { K8sObject } from '@/lib/k8s/object';
import type { Graph, ResolvedBackend, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import type { ResourceSnapshot } from '@/server/graph/resource-snapshot';
import type { DesiredStatuses } from '@/server/status/status-types';
import { describeRule } from '@/server/topology/describe-rule';
import { summarizeConditions } from '@/server/topology/node-status';
import { topologyHrefs, topologyIds } from '@/server/topology/topology-ids';
import type { BuiltNode, FullTopology, NodeAccess } from '@/server/topology/topology-types';

export interface TopologyInput {
  input: ResourceSnapshot;
  graph: Graph;
  statuses: DesiredStatuses;
}

const CORE_SERVICES: Omit<NodeAccess, 'namespace' | 'name'> = { apiGroup: '', resource: 'services' };

/**
 * Controller graph + desired statuses -> the topology every caller's view is cut from: nodes for
 * classes, Gateways, listeners, routes, rules, referenced Services, the ReferenceGrants that
 * permit a cross-namespace backend, and a `Missing` node per broken backend reference (with its
 * ResolvedRefs reason). Pure and deterministic: the same input gives the same ids and order.
 */
export function buildTopology(source: TopologyInput | undefined): FullTopology {
  if (!source) return { nodes: [], edges: [], ready: false };
  const { graph, statuses, input } = source;
  const nodes = new Map<string, BuiltNode>();
  const edges = new Map<string, TopologyEdge>();
  const addNode = (node: BuiltNode) => {
    const existing = nodes.get(node.id);
    if (existing) existing.gateways = union(existing.gateways, node.gateways);
    else nodes.set(node.id, node);
  };
  const addEdge = (edge: TopologyEdge) => {
    if (!edges.has(edge.id)) edges.set(edge.id, edge);
  };

  for (const cls of graph.classes) {
    const conditions = (statuses.gatewayClasses.find((s) => s.name === cls.name)?.conditions ?? [cls.acceptedCondition]).map((c) => toCondition(c));
    addNode({
      id: topologyIds.gatewayClass(cls.name),
      kind: 'GatewayClass',
      name: cls.name,
      label: cls.name,
      ...summarizeConditions(conditions),
      conditions,
      href: topologyHrefs.gatewayClass(cls.name),
      gateways: graph.gateways.filter((g) => g.className === cls.name).map((g) => g.key),
      details: [{ label: 'Controller', value: String((cls.source.spec as { controllerName?: string } | undefined)?.controllerName ?? '') }],
      access: { apiGroup: GATEWAY_GROUP, resource: 'gatewayclasses', name: cls.name },
      object: true,
    });
  }

  const listenerPorts = new Map<string, number>();
  for (const gw of graph.gateways) {
    const status = statuses.gateways.find((s) => s.namespace === gw.namespace && s.name === gw.name);
    const conditions = (status?.conditions ?? []).map((c) => toCondition(c));
    const gwId = topologyIds.gateway(gw.key);
    const access: NodeAccess = { apiGroup: GATEWAY_GROUP, resource: 'gateways', namespace: gw.namespace, name: gw.name };
    addNode({
      id: gwId,
      kind: 'Gateway',
      namespace: gw.namespace,
      name: gw.name,
      label: gw.key,
      ...summarizeConditions(conditions),
      conditions,
      href: topologyHrefs.gateway(gw.namespace, gw.name),
      gateways: [gw.key],
      details: [
        { label: 'Class', value: gw.className },
        { label: 'Addresses', value: (status?.addresses ?? []).map((a) => a.value).join(', ') || '(none yet)' },
      ],
      access,
      object: true,
    });
    addEdge({ id: `class:${gw.key}`, source: topologyIds.gatewayClass(gw.className), target: gwId, kind: 'class', status: 'accepted' });
    for (const listener of gw.listeners) {
      const lsId = topologyIds.listener(gw.key, listener.name);
      listenerPorts.set(lsId, listener.port);
      const ls = status?.listeners.find((l) => l.name === listener.name);
      const lsConditions = (ls?.conditions ?? [listener.accepted, listener.resolvedRefs]).map((c) => toCondition(c));
      const summary = summarizeConditions(lsConditions);
      addNode({
        id: lsId,
        kind: 'Listener',
        namespace: gw.namespace,
        name: listener.name,
        label: `${listener.name} :${listener.port} ${listener.protocol}`,
        ...summary,
        conditions: lsConditions,
        href: topologyHrefs.gateway(gw.namespace, gw.name),
        parent: gwId,
        gateways: [gw.key],
        details: [
          { label: 'Port', value: String(listener.port) },
          { label: 'Protocol', value: listener.protocol },
          { label: 'Hostname', value: listener.hostname ?? '(any)' },
          { label: 'Attached routes', value: String(ls?.attachedRoutes ?? 0) },
        ],
        access,
        object: false,
      });
      addEdge({ id: `listener:${lsId}`, source: gwId, target: lsId, kind: 'listener', label: `:${listener.port}`, status: summary.status });
    }
  }

  for (const route of graph.routes) addRoute(route, { graph, statuses, input, addNode, addEdge, listenerPorts });

  return { nodes: [...nodes.values()], edges: [...edges.values()], ready: true };
}

interface RouteContext extends TopologyInput {
  addNode: (node: BuiltNode) => void;
  addEdge: (edge: TopologyEdge) => void;
  listenerPorts: ReadonlyMap<string, number>;
}

function addRoute(route: RouteNode, ctx: RouteContext): void {
  const routeId = topologyIds.route(route.kind, route.key);
  const access: NodeAccess = { apiGroup: GATEWAY_GROUP, resource: route.kind === 'HTTPRoute' ? 'httproutes' : 'grpcroutes', namespace: route.namespace, name: route.name };
  const status = ctx.statuses.routes.find((s) => s.kind === route.kind && s.namespace === route.namespace && s.name === route.name);
  const conditions: TopologyCondition[] = (status?.parents ?? []).flatMap((p) =>
    p.conditions.map((c) => toCondition(c, `parent ${p.parentRef.namespace ?? route.namespace}/${p.parentRef.name}${p.parentRef.sectionName ? `/${p.parentRef.sectionName}` : ''}`)),
  );
  const gateways = [...new Set(route.parents.map((p) => p.gatewayKey))].sort();
  const href = topologyHrefs.route(route.kind, route.namespace, route.name);
  ctx.addNode({
    id: routeId,
    kind: route.kind,
    namespace: route.namespace,
    name: route.name,
    label: route.key,
    ...summarizeConditions(conditions),
    conditions,
    href,
    gateways,
    details: [
      { label: 'Kind', value: route.kind },
      { label: 'Hostnames', value: route.hostnames.join(', ') || '(any)' },
      { label: 'Rules', value: String(route.rules.length) },
    ],
    access,
    object: true,
  });

  for (const parent of route.parents) {
    const gwId = topologyIds.gateway(parent.gatewayKey);
    if (parent.listeners.length === 0) {
      const label = parent.parentRef.sectionName ?? parent.parentRef.name;
      ctx.addEdge({
        id: `attach:${gwId}->${routeId}`,
        source: gwId,
        target: routeId,
        kind: 'attachment',
        label,
        status: 'error',
        reason: parent.accepted.reason,
        message: parent.accepted.message,
      });
      continue;
    }
    for (const l of parent.listeners) {
      const lsId = topologyIds.listener(parent.gatewayKey, l.listenerName);
      const port = ctx.listenerPorts.get(lsId);
      ctx.addEdge({
        id: `attach:${lsId}->${routeId}`,
        source: lsId,
        target: routeId,
        kind: 'attachment',
        label: port === undefined ? l.listenerName : `${l.listenerName}/${port}`,
        status: parent.partiallyInvalid ? 'warning' : 'accepted',
        ...(parent.partiallyInvalid ? { reason: parent.partiallyInvalid.reason, message: parent.partiallyInvalid.message } : {}),
      });
    }
  }

  for (const rule of route.rules) {
    const ruleIr = irRuleId({ kind: route.kind, namespace: route.namespace, name: route.name, ruleIndex: rule.index });
    const ruleId = topologyIds.rule(ruleIr);
    const ruleConditions = ruleConditionsOf(rule);
    const summary = ruleConditions.length > 0 ? summarizeConditions(ruleConditions) : ruleWithoutProblems(rule);
    ctx.addNode({
      id: ruleId,
      kind: 'Rule',
      namespace: route.namespace,
      name: `${route.name}/${rule.index}`,
      label: describeRule(rule),
      ...summary,
      conditions: ruleConditions,
      href,
      parent: routeId,
      gateways,
      details: [
        { label: 'Route', value: route.key },
        { label: 'Rule', value: rule.name ? `${rule.index} (${rule.name})` : String(rule.index) },
        { label: 'Backends', value: String(rule.backends.length) },
      ],
      access,
      object: false,
    });
    ctx.addEdge({ id: `rule:${ruleIr}`, source: routeId, target: ruleId, kind: 'rule', status: summary.status, traffic: { rule: ruleIr } });
    const totalWeight = rule.backends.reduce((sum, b) => sum + b.weight, 0);
    rule.backends.forEach((backend, i) => {
      const share = totalWeight > 0 ? backend.weight / totalWeight : 0;
      addBackendEdge(ctx, route, ruleIr, ruleId, backend, `b${i}`, 'backend', gateways, access, { weight: backend.weight, share });
    });
    rule.mirrors.forEach((mirror, i) => addBackendEdge(ctx, route, ruleIr, ruleId, mirror, `m${i}`, 'mirror', gateways, access));
  }
}

function addBackendEdge(
  ctx: RouteContext,
  route: RouteNode,
  ruleIr: string,
  ruleId: string,
  backend: ResolvedBackend,
  slot: string,
  kind: 'backend' | 'mirror',
  gateways: string[],
  routeAccess: NodeAccess,
  weighting?: { weight: number; share: number },
): void {
  const edgeId = `${kind}:${ruleIr}/${slot}`;
  const weightLabel = weighting ? `weight ${weighting.weight} (${Math.round(weighting.share * 100)}%)` : 'mirror';
  const trafficBackend = backend.serviceKey && backend.port !== undefined ? `${backend.serviceKey}:${backend.port}` : 'invalid';
  const weightFields = weighting ? { weight: weighting.weight, configuredShare: weighting.share } : {};
  const traffic = kind === 'backend' ? { traffic: { rule: ruleIr, backend: trafficBackend } } : {};
  if (backend.problem || !backend.serviceKey) {
    const reason = backend.problem?.reason ?? 'BackendNotFound';
    const message = backend.problem?.message ?? `${backend.kind} ${backend.namespace}/${backend.name} did not resolve`;
    const missingId = topologyIds.missing(ruleIr, slot);
    ctx.addNode({
      id: missingId,
      kind: 'Missing',
      namespace: route.namespace,
      name: `${backend.namespace}/${backend.name}`,
      label: `${backend.kind || 'Service'} ${backend.namespace}/${backend.name}`,
      status: 'error',
      summary: reason,
      conditions: [{ type: 'ResolvedRefs', status: 'False', reason, message }],
      href: topologyHrefs.route(route.kind, route.namespace, route.name),
      gateways,
      details: [
        { label: 'Referenced by', value: `${route.key} rule ${slot}` },
        { label: 'Reason', value: reason },
      ],
      // What it shows comes from the route's spec and status: visible exactly when the route is.
      access: routeAccess,
      object: false,
    });
    ctx.addEdge({ id: edgeId, source: ruleId, target: missingId, kind, label: `${weightLabel} · ${reason}`, status: 'error', reason, message, ...weightFields, ...traffic });
    return;
  }
  const serviceId = topologyIds.service(backend.serviceKey);
  ctx.addNode(serviceNode(ctx.graph, backend, gateways));
  ctx.addEdge({ id: edgeId, source: ruleId, target: serviceId, kind, label: weightLabel, status: 'accepted', ...weightFields, ...traffic });
  if (backend.namespace !== route.namespace) addPermittingGrants(ctx, route, backend, serviceId, gateways);
}

function serviceNode(graph: Graph, backend: ResolvedBackend, gateways: string[]): BuiltNode {
  const key = backend.serviceKey ?? `${backend.namespace}/${backend.name}`;
  const ready = countReadyEndpoints(graph.endpointSlicesByService.get(key) ?? []);
  const ports = ((graph.services.get(key)?.spec as { ports?: { port?: number }[] } | undefined)?.ports ?? []).map((p) => p.port).join(', ');
  return {
    id: topologyIds.service(key),
    kind: 'Service',
    namespace: backend.namespace,
    name: backend.name,
    label: key,
    status: ready > 0 ? 'accepted' : 'warning',
    summary: ready > 0 ? `${ready} ready endpoint${ready === 1 ? '' : 's'}` : 'NoReadyEndpoints',
    conditions: [],
    gateways,
    details: [
      { label: 'Ports', value: ports || '(none)' },
      { label: 'Ready endpoints', value: String(ready) },
    ],
    access: { ...CORE_SERVICES, namespace: backend.namespace, name: backend.name },
    object: true,
  };
}

function countReadyEndpoints(slices: readonly K8sObject[]): number {
  let ready = 0;
  for (const slice of slices) {
    for (const e of (slice as { endpoints?: { addresses?: string[]; conditions?: { ready?: boolean } }[] }).endpoints ?? []) {
      if (e.conditions?.ready !== false) ready += e.addresses?.length ?? 0;
    }
  }
  return ready;
}

/** The ReferenceGrants in the Service's namespace that let this route's namespace reference it (SEMANTICS §9.3). */
function addPermittingGrants(ctx: RouteContext, route: RouteNode, backend: ResolvedBackend, serviceId: string, gateways: string[]): void {
  for (const grant of ctx.input.referenceGrants) {
    const namespace = grant.metadata.namespace ?? '';
    const name = grant.metadata.name ?? '';
    if (namespace !== backend.namespace) continue;
    const spec = referenceGrantSpecSchema.safeParse(grant.spec);
    if (!spec.success) continue;
    const fromOk = spec.data.from.some((f) => f.group === GATEWAY_GROUP && f.kind === route.kind && f.namespace === route.namespace);
    const toOk = spec.data.to.some((t) => t.group === '' && t.kind === 'Service' && (t.name === undefined || t.name === backend.name));
    if (!fromOk || !toOk) continue;
    const grantId = topologyIds.referenceGrant(`${namespace}/${name}`);
    ctx.addNode({
      id: grantId,
      kind: 'ReferenceGrant',
      namespace,
      name,
      label: `${namespace}/${name}`,
      status: 'accepted',
      summary: 'Permits',
      conditions: [],
      href: topologyHrefs.referenceGrant(namespace, name),
      gateways,
      details: [
        { label: 'From', value: spec.data.from.map((f) => `${f.kind} in ${f.namespace}`).join(', ') },
        { label: 'To', value: spec.data.to.map((t) => `${t.kind || 'core'}${t.name ? ` ${t.name}` : ' (any)'}`).join(', ') },
      ],
      access: { apiGroup: GATEWAY_GROUP, resource: 'referencegrants', namespace, name },
      object: true,
    });
    ctx.addEdge({ id: `grant:${grantId}->${serviceId}`, source: grantId, target: serviceId, kind: 'grant', label: `permits ${route.kind}s from ${route.namespace}`, status: 'accepted' });
  }
}

function ruleConditionsOf(rule: RouteRuleNode): TopologyCondition[] {
  if (rule.invalid) return [{ type: 'Accepted', status: 'False', reason: rule.invalid.reason, message: rule.invalid.message }];
  return [...rule.backends, ...rule.mirrors]
    .filter((b) => b.problem)
    .map((b) => ({ type: 'ResolvedRefs', status: 'False' as const, reason: b.problem!.reason, message: b.problem!.message }));
}

/** A rule with no backends and no redirect answers every request with 500. */
function ruleWithoutProblems(rule: RouteRuleNode): { status: 'accepted' | 'warning'; summary: string } {
  const answers = rule.http?.filters?.some((f) => f.requestRedirect) ?? false;
  if (rule.backends.length === 0 && !answers) return { status: 'warning', summary: 'NoBackends' };
  return { status: 'accepted', summary: answers && rule.backends.length === 0 ? 'Redirect' : 'Accepted' };
}

function toCondition(c: { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string }, scope?: string): TopologyCondition {
  return { type: c.type, status: c.status, reason: c.reason, message: c.message, ...(scope ? { scope } : {}) };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
