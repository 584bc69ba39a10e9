import type { ConformanceCase, Profiles } from './conformance-case';

/** The profiles Portico claims (issue: every Core test of GATEWAY-HTTP and GATEWAY-GRPC must pass). */
export const CLAIMED_PROFILES = ['GATEWAY-HTTP', 'GATEWAY-GRPC'] as const;

/**
 * The features a test may use, as upstream decides which tests run: the Core features of the
 * claimed profiles plus the Extended features the GatewayClass lists in
 * `status.supportedFeatures`. A test needing anything else is skipped, never failed.
 */
export function enabledFeatures(profiles: Profiles, supportedFeatures: readonly string[]): Set<string> {
  const enabled = new Set(supportedFeatures);
  for (const name of CLAIMED_PROFILES) for (const feature of profiles[name]?.core ?? []) enabled.add(feature);
  return enabled;
}

/** The features `test` needs that are not enabled, sorted; empty when it may run. */
export function missingFeatures(test: Pick<ConformanceCase, 'features'>, enabled: ReadonlySet<string>): string[] {
  return test.features.filter((f) => !enabled.has(f)).sort();
}
