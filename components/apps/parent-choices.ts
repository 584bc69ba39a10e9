import { judgeListeners } from '@/components/apps/attachable-listeners';
import type { GatewayObject, RouteKind } from '@/components/apps/route-types';
import type { Choice } from '@/components/forms/editor-api';

/**
 * The parent options of a route form: each Gateway as a whole (when at least one of its
 * listeners admits the route) and each of its listeners; refusing listeners are disabled with
 * the reason in their text, so the choice explains itself.
 */
export function buildParentChoices(
  gateways: readonly GatewayObject[],
  kind: RouteKind,
  namespace: string,
  namespaceLabels: Readonly<Record<string, string>> | undefined,
): Choice[] {
  const out: Choice[] = [];
  for (const gw of gateways) {
    const key = `${gw.metadata.namespace ?? ''}/${gw.metadata.name ?? ''}`;
    const verdicts = judgeListeners(gw, kind, namespace, namespaceLabels);
    const any = verdicts.some((v) => v.allowed);
    out.push({ value: key, label: any ? `Gateway ${key} (every listener that accepts it)` : `Gateway ${key}: no listener accepts this route`, disabled: !any });
    for (const v of verdicts) {
      const l = v.listener;
      const where = `${l.protocol} ${l.port}${l.hostname ? `, ${l.hostname}` : ''}`;
      out.push({ value: `${key}/${l.name}`, label: v.allowed ? `Gateway ${key}, listener ${l.name} (${where})` : `Gateway ${key}, listener ${l.name} (${where}): not allowed, ${v.why}`, disabled: !v.allowed });
    }
  }
  return out;
}
