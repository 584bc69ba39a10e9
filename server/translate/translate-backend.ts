import type { IrFilter } from '@/lib/ir/filters';
import type { IrBackend } from '@/lib/ir/route';
import type { ResolvedBackend, RouteKind } from '@/server/graph/graph-types';
import { translateServiceTarget, type ServiceLookup } from '@/server/translate/translate-service-target';

/**
 * One weighted backendRef (SEMANTICS §6.2, §6.4). A ref the graph could not resolve stays in
 * the list as `invalid` with its weight and reason, so its share of traffic gets 500 and is
 * never handed to a healthy backend.
 */
export function translateBackend(backend: ResolvedBackend, routeKind: RouteKind, filters: IrFilter[], lookup: ServiceLookup): IrBackend {
  const target = translateServiceTarget(backend, routeKind, lookup);
  if (target) return { kind: 'service', weight: backend.weight, ...target, filters };
  const problem = backend.problem ?? {
    reason: 'BackendNotFound',
    message: `${backend.group || 'core'}/${backend.kind} ${backend.namespace}/${backend.name} port ${backend.port ?? '(unset)'} did not resolve`,
  };
  return { kind: 'invalid', weight: backend.weight, reason: problem.reason, message: problem.message };
}
