import type { K8sObject } from '@/lib/k8s/object';
import type { K8sClient } from './k8s-client';

/**
 * The status side of the suite: `waitFor` steps and `status` checks from cases.json, each as a
 * probe that returns undefined when the expectation holds now, or why it does not. The caller
 * polls probes until they hold or time out (eventual consistency).
 */

export type Probe = () => Promise<string | undefined>;

interface Ref {
  namespace?: string;
  name: string;
}
interface Condition {
  type: string;
  status: string;
  reason?: string | null;
  observedGeneration?: number;
}
interface ParentStatus {
  parentRef: { group?: string; kind?: string; namespace?: string; name: string; sectionName?: string };
  controllerName?: string;
  conditions?: Condition[];
}
interface ListenerStatus {
  name: string;
  attachedRoutes?: number;
  supportedKinds?: Array<{ group?: string; kind: string }>;
  conditions?: Condition[];
}
interface GatewayStatus {
  addresses?: Array<{ type?: string; value: string }>;
  conditions?: Condition[];
  listeners?: ListenerStatus[];
}

const GW_API = 'gateway.networking.k8s.io/v1';
const GW_GROUP = 'gateway.networking.k8s.io';

const showCondition = (c: Condition) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`;

/** A listed condition is present: same type and status, and same reason when one is expected. */
function hasCondition(actual: readonly Condition[] | undefined, want: Condition): boolean {
  return (actual ?? []).some((c) => c.type === want.type && c.status === want.status && (!want.reason || c.reason === want.reason));
}

function missingConditions(actual: readonly Condition[] | undefined, wants: readonly Condition[]): string | undefined {
  const missing = wants.filter((w) => !hasCondition(actual, w));
  if (missing.length === 0) return undefined;
  return `want ${missing.map(showCondition).join(', ')}; have [${(actual ?? []).map(showCondition).join(', ')}]`;
}

export function createStatusProbes(client: K8sClient, controllerName: string) {
  async function fetchObject(kind: string, ref: Ref, apiVersion = GW_API): Promise<K8sObject | undefined> {
    return client.get(apiVersion, kind, ref.namespace, ref.name);
  }
  async function gatewayStatus(ref: Ref): Promise<{ gateway?: K8sObject; status: GatewayStatus }> {
    const gateway = await fetchObject('Gateway', ref);
    return { gateway, status: (gateway?.status ?? {}) as GatewayStatus };
  }
  async function routeParents(kind: string, ref: Ref): Promise<ParentStatus[] | undefined> {
    const route = await fetchObject(kind, ref);
    if (!route) return undefined;
    return ((route.status as { parents?: ParentStatus[] } | undefined)?.parents ?? []);
  }
  const name = (ref: Ref) => `${ref.namespace ?? ''}/${ref.name}`;

  /** Gateway accepted + programmed at the latest generation (the suite's namespace readiness). */
  function gatewayReady(gateway: K8sObject): string | undefined {
    const conditions = ((gateway.status ?? {}) as GatewayStatus).conditions ?? [];
    for (const type of ['Accepted', 'Programmed']) {
      const c = conditions.find((x) => x.type === type);
      if (c?.status !== 'True') return `Gateway ${gateway.metadata.name} ${type} is ${c ? showCondition(c) : 'absent'}`;
      if (c.observedGeneration !== gateway.metadata.generation) return `Gateway ${gateway.metadata.name} ${type} is at generation ${String(c.observedGeneration)}, object at ${String(gateway.metadata.generation)}`;
    }
    return undefined;
  }

  const waits: Record<string, (step: Record<string, unknown>) => Probe> = {
    namespacesReady: (step) => async () => {
      for (const ns of step.namespaces as string[]) {
        const list = await listGateways(ns);
        for (const gw of list) {
          if (gw.metadata.annotations?.['gateway-api/skip-this-for-readiness'] === 'true') continue;
          const why = gatewayReady(gw);
          if (why) return why;
        }
      }
      return undefined;
    },
    gatewayAddress: (step) => async () => {
      const { gateway, status } = await gatewayStatus(step.gateway as Ref);
      if (!gateway) return `Gateway ${name(step.gateway as Ref)} not found`;
      return status.addresses?.some((a) => a.type && a.value) ? undefined : `Gateway ${name(step.gateway as Ref)} has no status.addresses`;
    },
    gatewayAndRoutesAccepted: (step) => async () => {
      const gwRef = step.gateway as Ref;
      if (step.parentKind !== 'Gateway') return `parent kind ${String(step.parentKind)} not supported by the runner`;
      const { gateway, status } = await gatewayStatus(gwRef);
      if (!gateway) return `Gateway ${name(gwRef)} not found`;
      if (!status.addresses?.some((a) => a.type && a.value)) return `Gateway ${name(gwRef)} has no status.addresses`;
      for (const route of (step.routes as Ref[] | undefined) ?? []) {
        const parents = await routeParents(step.routeKind as string, route);
        if (!parents) return `${String(step.routeKind)} ${name(route)} not found`;
        const parent = parents.find(
          (p) =>
            p.parentRef.name === gwRef.name &&
            p.controllerName === controllerName &&
            (p.parentRef.group ?? GW_GROUP) === GW_GROUP &&
            (p.parentRef.kind ?? 'Gateway') === 'Gateway' &&
            (route.namespace === gwRef.namespace ? (p.parentRef.namespace ?? gwRef.namespace) === gwRef.namespace : p.parentRef.namespace === gwRef.namespace),
        );
        if (!parent) return `${String(step.routeKind)} ${name(route)} has no parent status for Gateway ${name(gwRef)} from ${controllerName}`;
        const why = missingConditions(parent.conditions, [{ type: 'Accepted', status: 'True', reason: 'Accepted' }]);
        if (why) return `${String(step.routeKind)} ${name(route)}: ${why}`;
      }
      for (const listener of status.listeners ?? []) {
        const why = missingConditions(listener.conditions, ['ResolvedRefs', 'Accepted', 'Programmed'].map((type) => ({ type, status: 'True' })));
        if (why) return `Gateway ${name(gwRef)} listener ${listener.name}: ${why}`;
      }
      return undefined;
    },
  };

  async function listGateways(namespace: string): Promise<K8sObject[]> {
    return client.list(GW_API, 'Gateway', namespace);
  }

  const checks: Record<string, (step: Record<string, unknown>) => Probe> = {
    routeParentCondition: (step) => async () => {
      const parents = await routeParents(step.routeKind as string, step.route as Ref);
      if (!parents) return `${String(step.routeKind)} ${name(step.route as Ref)} not found`;
      const gw = step.parent as Ref;
      const candidates = parents.filter((p) => p.parentRef.name === gw.name && (!p.parentRef.namespace || p.parentRef.namespace === gw.namespace));
      if (candidates.some((p) => hasCondition(p.conditions, step.condition as Condition))) return undefined;
      return `${String(step.routeKind)} ${name(step.route as Ref)} parent ${gw.name}: want ${showCondition(step.condition as Condition)}; have [${candidates.flatMap((p) => p.conditions ?? []).map(showCondition).join(', ')}]`;
    },
    routeParents: (step) => async () => {
      const parents = await routeParents(step.routeKind as string, step.route as Ref);
      if (!parents) return `${String(step.routeKind)} ${name(step.route as Ref)} not found`;
      for (const want of step.parents as ParentStatus[]) {
        const wantController = want.controllerName === '$controllerName' ? controllerName : want.controllerName;
        const match = parents.find(
          (p) =>
            p.controllerName === wantController &&
            (p.parentRef.group ?? GW_GROUP) === (want.parentRef.group ?? GW_GROUP) &&
            (p.parentRef.kind ?? 'Gateway') === (want.parentRef.kind ?? 'Gateway') &&
            p.parentRef.name === want.parentRef.name &&
            (!(step.namespaceRequired || p.parentRef.namespace) || p.parentRef.namespace === want.parentRef.namespace) &&
            !missingConditions(p.conditions, want.conditions ?? []),
        );
        if (!match) return `no parent ${want.parentRef.name} with [${(want.conditions ?? []).map(showCondition).join(', ')}]; have ${JSON.stringify(parents.map((p) => [p.parentRef.name, (p.conditions ?? []).map(showCondition)]))}`;
      }
      return undefined;
    },
    routeNoAcceptedParents: (step) => async () => {
      const parents = await routeParents(step.routeKind as string, step.route as Ref);
      if (!parents) return `${String(step.routeKind)} ${name(step.route as Ref)} not found`;
      if (parents.length === 0) return undefined;
      if (parents.length === 1 && hasCondition(parents[0]!.conditions, { type: 'Accepted', status: 'False' })) return undefined;
      return `route has parents ${JSON.stringify(parents.map((p) => [p.parentRef.name, (p.conditions ?? []).map(showCondition)]))}`;
    },
    gatewayCondition: (step) => async () => {
      const { gateway, status } = await gatewayStatus(step.gateway as Ref);
      if (!gateway) return `Gateway ${name(step.gateway as Ref)} not found`;
      const why = missingConditions(status.conditions, [step.condition as Condition]);
      return why && `Gateway ${name(step.gateway as Ref)}: ${why}`;
    },
    gatewayListenerConditions: (step) => async () => {
      const { gateway, status } = await gatewayStatus(step.gateway as Ref);
      if (!gateway) return `Gateway ${name(step.gateway as Ref)} not found`;
      const names = step.listeners as string[] | 'all';
      const listeners = (status.listeners ?? []).filter((l) => names === 'all' || names.includes(l.name));
      if (names !== 'all' && listeners.length < names.length) return `Gateway ${name(step.gateway as Ref)} lacks listener status for ${names.join(', ')}`;
      for (const l of listeners) {
        const why = missingConditions(l.conditions, step.conditions as Condition[]);
        if (why) return `listener ${l.name}: ${why}`;
      }
      return undefined;
    },
    gatewayListenersStatus: (step) => async () => {
      const { gateway, status } = await gatewayStatus(step.gateway as Ref);
      if (!gateway) return `Gateway ${name(step.gateway as Ref)} not found`;
      const wants = step.listeners as ListenerStatus[];
      const actual = status.listeners ?? [];
      if (actual.length !== wants.length) return `want ${wants.length} listener statuses, have ${actual.length}`;
      for (const want of wants) {
        const have = actual.find((l) => l.name === want.name);
        if (!have) return `no status for listener ${want.name}`;
        if (have.attachedRoutes !== want.attachedRoutes) return `listener ${want.name} attachedRoutes ${String(have.attachedRoutes)}, want ${String(want.attachedRoutes)}`;
        const why = missingConditions(have.conditions, want.conditions ?? []);
        if (why) return `listener ${want.name}: ${why}`;
        const kinds = (k: Array<{ group?: string; kind: string }> | undefined) => (k ?? []).map((x) => `${x.group ?? GW_GROUP}/${x.kind}`).sort();
        const wantKinds = kinds(want.supportedKinds);
        const haveKinds = kinds(have.supportedKinds);
        if (wantKinds.length === 0 ? haveKinds.length !== 0 : !wantKinds.every((k) => haveKinds.includes(k))) {
          return `listener ${want.name} supportedKinds [${haveKinds.join(', ')}], want [${wantKinds.join(', ')}]`;
        }
      }
      return undefined;
    },
    gatewayZeroRoutes: (step) => async () => {
      const { gateway, status } = await gatewayStatus(step.gateway as Ref);
      if (!gateway) return `Gateway ${name(step.gateway as Ref)} not found`;
      const listeners = status.listeners ?? [];
      if (listeners.length === 0 || (listeners.length === 1 && listeners[0]!.attachedRoutes === 0)) return undefined;
      return `listeners ${JSON.stringify(listeners.map((l) => [l.name, l.attachedRoutes]))}`;
    },
    conditionsAtLatestObservedGeneration: (step) => async () => {
      const kind = step.objectKind as string;
      const object = await fetchObject(kind, step.object as Ref);
      if (!object) return `${kind} ${name(step.object as Ref)} not found`;
      const generation = object.metadata.generation;
      const status = (object.status ?? {}) as { conditions?: Condition[]; parents?: ParentStatus[] };
      const conditions = kind.endsWith('Route') ? (status.parents ?? []).flatMap((p) => p.conditions ?? []) : (status.conditions ?? []);
      if (conditions.length === 0) return `${kind} ${name(step.object as Ref)} has no conditions`;
      const stale = conditions.filter((c) => c.observedGeneration !== generation);
      return stale.length === 0 ? undefined : `${kind} conditions ${stale.map((c) => `${c.type}@${String(c.observedGeneration)}`).join(', ')} not at generation ${String(generation)}`;
    },
    gatewayClassAcceptedConditionPresent: (step) => async () => {
      const gc = await client.get(GW_API, 'GatewayClass', undefined, step.gatewayClass as string);
      if (!gc) return `GatewayClass ${String(step.gatewayClass)} not found`;
      const accepted = ((gc.status ?? {}) as { conditions?: Condition[] }).conditions?.find((c) => c.type === 'Accepted');
      if (!accepted) return 'GatewayClass has no Accepted condition';
      return accepted.observedGeneration === gc.metadata.generation ? undefined : `Accepted at generation ${String(accepted.observedGeneration)}, object at ${String(gc.metadata.generation)}`;
    },
  };

  return {
    /** The probe for a waitFor step or status check, or undefined when the runner cannot check it. */
    probeFor(step: Record<string, unknown>): Probe | undefined {
      const waitKind = step.kind as string | undefined;
      if (waitKind && waits[waitKind]) return waits[waitKind](step);
      const check = step.check as string | undefined;
      if (check && checks[check]) return checks[check](step);
      return undefined;
    },
    gatewayReady,
  };
}
