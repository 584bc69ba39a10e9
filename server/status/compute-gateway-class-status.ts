import { gatewayClassSupportedVersion, gatewayClassUnsupportedVersion } from '@/lib/gateway-api/conditions/gateway-class-conditions';
import type { GatewayClassNode } from '@/server/graph/graph-types';
import { compareStrings } from '@/server/graph/sort-keys';
import { observeConditions } from '@/server/status/observe';
import type { GatewayClassDesiredStatus, StatusInputs } from '@/server/status/status-types';

/** Gateway API bundle versions whose CRDs Portico implements (SEMANTICS §0.1). */
export const SUPPORTED_BUNDLE_VERSIONS: readonly string[] = ['v1.6.0', 'v1.6.1'];

/**
 * GatewayClass status (SEMANTICS §1.3): Accepted, always SupportedVersion (best-effort policy:
 * an unknown bundle version does not refuse the class), and supportedFeatures on accepted classes.
 */
export function computeGatewayClassStatus(node: GatewayClassNode, inputs: Pick<StatusInputs, 'supportedFeatures' | 'bundleVersions'>): GatewayClassDesiredStatus {
  const found = [...new Set(inputs.bundleVersions)].sort(compareStrings);
  const unknown = found.filter((v) => !SUPPORTED_BUNDLE_VERSIONS.includes(v));
  const versionCondition =
    found.length > 0 && unknown.length === 0
      ? gatewayClassSupportedVersion(`Gateway API bundle ${found.join(', ')} is supported`)
      : gatewayClassUnsupportedVersion(
          `Gateway API CRD bundle versions found: ${found.length > 0 ? found.join(', ') : 'none'}; supported: ${SUPPORTED_BUNDLE_VERSIONS.join(', ')}`,
        );
  const features = [...new Set(inputs.supportedFeatures)].sort(compareStrings).map((name) => ({ name }));
  return {
    name: node.name,
    generation: node.generation,
    conditions: observeConditions([node.acceptedCondition, versionCondition], node.generation),
    ...(node.accepted ? { supportedFeatures: features } : {}),
  };
}
