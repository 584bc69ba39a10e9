import { gatewayClassAccepted, gatewayClassInvalidParameters } from '@/lib/gateway-api/conditions/gateway-class-conditions';
import { gatewayClassSpecSchema } from '@/lib/gateway-api/gateway-class';
import type { K8sObject } from '@/lib/k8s/object';
import { describeIssues } from '@/server/graph/describe-issues';
import type { GatewayClassNode } from '@/server/graph/graph-types';
import { compareStrings } from '@/server/graph/sort-keys';

/**
 * The GatewayClasses naming our controller, sorted by name (SEMANTICS §1.2, §1.3). Portico
 * classes take no parameters, so any `parametersRef` is refused with InvalidParameters.
 */
export function buildGatewayClassNodes(classes: readonly K8sObject[], controllerName: string): GatewayClassNode[] {
  const ours = classes.filter((c) => (c.spec as { controllerName?: unknown } | undefined)?.controllerName === controllerName);
  return ours
    .map((source) => {
      const parsed = gatewayClassSpecSchema.safeParse(source.spec);
      let acceptedCondition = gatewayClassAccepted();
      if (!parsed.success) {
        acceptedCondition = gatewayClassInvalidParameters(describeIssues(parsed.error, 'spec'));
      } else if (parsed.data.parametersRef) {
        const ref = parsed.data.parametersRef;
        acceptedCondition = gatewayClassInvalidParameters(
          `spec.parametersRef: ${ref.group || 'core'}/${ref.kind} ${ref.name} is not supported; Portico GatewayClasses take no parameters`,
        );
      }
      return {
        name: source.metadata.name ?? '',
        generation: source.metadata.generation ?? 1,
        source,
        acceptedCondition,
        accepted: acceptedCondition.status === 'True',
      };
    })
    .sort((a, b) => compareStrings(a.name, b.name));
}
