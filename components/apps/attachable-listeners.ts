import type { GatewayObject, ListenerLike, RouteKind } from '@/components/apps/route-types';
import { describeSelector, selectorMatches } from '@/components/apps/label-selector';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** What an HTTP/HTTPS listener admits when it lists no kinds (the controller's default). */
const DEFAULT_KINDS: Record<string, RouteKind[]> = { HTTP: ['HTTPRoute', 'GRPCRoute'], HTTPS: ['HTTPRoute', 'GRPCRoute'] };

export interface ListenerVerdict {
  gateway: string;
  listener: ListenerLike;
  allowed: boolean;
  /** Why, in plain words: "listener https only accepts routes from namespaces labelled team=web; namespace team-a is not". */
  why: string;
}

/**
 * Decides for every listener of a Gateway whether a route of `kind` in `namespace` may attach,
 * the way the controller does (allowedRoutes kinds, then namespaces From Same/All/Selector with
 * the namespace's labels plus kubernetes.io/metadata.name), and says why in words.
 */
export function judgeListeners(
  gateway: GatewayObject,
  kind: RouteKind,
  namespace: string,
  namespaceLabels: Readonly<Record<string, string>> | undefined,
): ListenerVerdict[] {
  const gwNs = gateway.metadata.namespace ?? '';
  const gwKey = `${gwNs}/${gateway.metadata.name ?? ''}`;
  return (gateway.spec?.listeners ?? []).map((listener) => {
    const verdict = (allowed: boolean, why: string): ListenerVerdict => ({ gateway: gwKey, listener, allowed, why });
    const kinds = listener.allowedRoutes?.kinds?.length
      ? listener.allowedRoutes.kinds.filter((k) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP).map((k) => k.kind)
      : (DEFAULT_KINDS[listener.protocol] ?? []);
    if (!kinds.includes(kind)) {
      return verdict(false, `listener ${listener.name} accepts only ${kinds.length ? kinds.join(', ') : 'other route kinds'}; this is a ${kind}`);
    }
    const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from === 'All') return verdict(true, `listener ${listener.name} accepts routes from every namespace`);
    if (from === 'Same') {
      return namespace === gwNs
        ? verdict(true, `listener ${listener.name} accepts routes from its own namespace ${gwNs}`)
        : verdict(false, `listener ${listener.name} only accepts routes from its own namespace ${gwNs}; this route is in ${namespace}`);
    }
    const selector = listener.allowedRoutes?.namespaces?.selector;
    if (!selector) return verdict(false, `listener ${listener.name} accepts routes from namespaces chosen by a selector, but names none`);
    if (namespaceLabels === undefined) {
      return verdict(false, `listener ${listener.name} only accepts routes from namespaces labelled ${describeSelector(selector)}; the labels of ${namespace} could not be read`);
    }
    const labels = { ...namespaceLabels, 'kubernetes.io/metadata.name': namespace };
    return selectorMatches(selector, labels)
      ? verdict(true, `listener ${listener.name} accepts routes from namespaces labelled ${describeSelector(selector)}, which ${namespace} is`)
      : verdict(false, `listener ${listener.name} only accepts routes from namespaces labelled ${describeSelector(selector)}; namespace ${namespace} is not`);
  });
}
