import { intersectHostnames } from '@/lib/routing/hostnames';
import { judgeListeners } from '@/components/apps/attachable-listeners';
import type { ConditionLike, GatewayObject, ParentRefLike, RouteKind, RouteObject, RouteParentStatusLike } from '@/components/apps/route-types';

export type ParentState = 'attached' | 'degraded' | 'refused' | 'pending';

export interface ParentExplanation {
  /** "Gateway infra/public" or "Gateway infra/public, listener https". */
  parent: string;
  state: ParentState;
  /** One sentence: what is going on. */
  headline: string;
  /** Why, listener by listener or reference by reference. */
  details: string[];
  /** The raw conditions the controller reported for this parent (may be empty). */
  conditions: ConditionLike[];
}

export interface ExplainContext {
  kind: RouteKind;
  /** Gateways the user can read, by "namespace/name". */
  gateways: ReadonlyMap<string, GatewayObject>;
  /** Labels of the route's namespace, when readable. */
  namespaceLabels?: Readonly<Record<string, string>>;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

function parentKey(ref: ParentRefLike, routeNs: string): string {
  return `${ref.group ?? GATEWAY_GROUP}|${ref.kind ?? 'Gateway'}|${ref.namespace ?? routeNs}|${ref.name ?? ''}|${ref.sectionName ?? ''}|${ref.port ?? ''}`;
}

function describeParent(ref: ParentRefLike, routeNs: string): string {
  let s = `${ref.kind ?? 'Gateway'} ${ref.namespace ?? routeNs}/${ref.name ?? '?'}`;
  if (ref.sectionName) s += `, listener ${ref.sectionName}`;
  if (ref.port !== undefined) s += `, port ${ref.port}`;
  return s;
}

const find = (conditions: readonly ConditionLike[], type: string) => conditions.find((c) => c.type === type);

/**
 * Explains, for each parentRef of a route, whether it is attached and why not, in plain words,
 * from the controller's conditions plus what the user can read of the Gateway and the
 * namespace's labels. Pure: the same inputs always give the same sentences.
 */
export function explainParents(route: RouteObject, ctx: ExplainContext): ParentExplanation[] {
  const ns = route.metadata.namespace ?? '';
  const statuses = new Map<string, RouteParentStatusLike>();
  for (const p of route.status?.parents ?? []) statuses.set(parentKey(p.parentRef, ns), p);
  return (route.spec?.parentRefs ?? []).map((ref) => explainOne(route, ref, statuses.get(parentKey(ref, ns)), ctx));
}

function explainOne(route: RouteObject, ref: ParentRefLike, status: RouteParentStatusLike | undefined, ctx: ExplainContext): ParentExplanation {
  const ns = route.metadata.namespace ?? '';
  const parent = describeParent(ref, ns);
  const gwKey = `${ref.namespace ?? ns}/${ref.name ?? ''}`;
  const gateway = (ref.kind ?? 'Gateway') === 'Gateway' ? ctx.gateways.get(gwKey) : undefined;
  const conditions = status?.conditions ?? [];
  const base = { parent, conditions };
  const hostnames = route.spec?.hostnames ?? [];

  if (!status) {
    if (!gateway) {
      return { ...base, state: 'refused', headline: `Not attached: Gateway ${gwKey} was not found (or you may not read it).`, details: ['Check the name and namespace of the parent reference.'] };
    }
    return { ...base, state: 'pending', headline: 'Waiting for the controller to report on this parent.', details: [] };
  }

  const accepted = find(conditions, 'Accepted');
  const resolved = find(conditions, 'ResolvedRefs');
  const partial = find(conditions, 'PartiallyInvalid');
  const generation = route.metadata.generation;
  const stale = generation !== undefined && accepted?.observedGeneration !== undefined && accepted.observedGeneration < generation;
  const relevant = (gateway?.spec?.listeners ?? []).filter(
    (l) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port),
  );
  const verdicts = gateway ? judgeListeners({ ...gateway, spec: { ...gateway.spec, listeners: relevant } }, ctx.kind, ns, ctx.namespaceLabels) : [];
  const details: string[] = [];

  if (stale || !accepted || accepted.status === 'Unknown') {
    return { ...base, state: 'pending', headline: 'Waiting for the controller to process the latest change.', details: accepted?.message ? [accepted.message] : [] };
  }

  if (accepted.status !== 'True') {
    switch (accepted.reason) {
      case 'NotAllowedByListeners':
        details.push(...verdicts.filter((v) => !v.allowed).map((v) => v.why));
        return { ...base, state: 'refused', headline: `Not attached: no listener of Gateway ${gwKey} accepts this ${ctx.kind} from namespace ${ns}.`, details: withMessage(details, accepted) };
      case 'NoMatchingListenerHostname':
        for (const v of verdicts.filter((x) => x.allowed)) {
          details.push(
            `listener ${v.listener.name} serves ${v.listener.hostname ?? 'any hostname'}; none of this route's hostnames (${hostnames.join(', ') || 'none'}) falls under it`,
          );
        }
        return { ...base, state: 'refused', headline: `Not attached: the route's hostnames do not match any listener of Gateway ${gwKey}.`, details: withMessage(details, accepted) };
      case 'NoMatchingParent':
        if (gateway) {
          details.push(`Gateway ${gwKey} has listeners ${(gateway.spec?.listeners ?? []).map((l) => `${l.name} (port ${l.port})`).join(', ') || 'none'}.`);
        }
        return { ...base, state: 'refused', headline: `Not attached: ${parent} selects no listener.`, details: withMessage(details, accepted) };
      default:
        return { ...base, state: 'refused', headline: `Not attached (${accepted.reason ?? 'unknown reason'}): ${accepted.message ?? ''}`.trim(), details: [] };
    }
  }

  for (const v of verdicts.filter((x) => x.allowed)) {
    const served = intersectHostnames(v.listener.hostname, hostnames);
    if (served === null) continue;
    const hosts = served.length ? served.join(', ') : (v.listener.hostname ?? 'any hostname');
    details.push(`Served on listener ${v.listener.name} (${v.listener.protocol} port ${v.listener.port}) for ${hosts}.`);
  }
  let state: ParentState = 'attached';
  let headline = `Attached to Gateway ${gwKey}.`;
  if (resolved && resolved.status === 'False') {
    state = 'degraded';
    headline = `Attached to Gateway ${gwKey}, but some backends cannot be used.`;
    details.push(explainRefs(resolved));
  }
  if (partial && partial.status === 'True') {
    state = 'degraded';
    details.push(`Some rules were dropped: ${partial.message ?? partial.reason ?? ''}`);
  }
  return { ...base, state, headline, details };
}

function explainRefs(resolved: ConditionLike): string {
  switch (resolved.reason) {
    case 'RefNotPermitted':
      return `RefNotPermitted: a backend is in another namespace that has not granted access to routes from this namespace (no ReferenceGrant). Requests for that rule get a 500 until access is granted; ask for access below. ${resolved.message ?? ''}`.trim();
    case 'BackendNotFound':
      return `BackendNotFound: a backend Service does not exist. ${resolved.message ?? ''}`.trim();
    case 'InvalidKind':
      return `InvalidKind: a backend reference names a kind Portico cannot send traffic to. ${resolved.message ?? ''}`.trim();
    default:
      return `References not resolved (${resolved.reason ?? 'unknown'}): ${resolved.message ?? ''}`.trim();
  }
}

function withMessage(details: string[], c: ConditionLike): string[] {
  return details.length > 0 ? details : c.message ? [c.message] : [];
}
