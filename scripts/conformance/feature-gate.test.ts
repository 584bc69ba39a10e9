import { describe, expect, it } from 'vitest';
import { enabledFeatures, missingFeatures } from './feature-gate';

const profiles = {
  'GATEWAY-HTTP': { core: ['Gateway', 'HTTPRoute', 'ReferenceGrant'], extended: ['HTTPRouteCORS', 'HTTPRouteQueryParamMatching'] },
  'GATEWAY-GRPC': { core: ['Gateway', 'GRPCRoute'], extended: [] },
  'GATEWAY-TLS': { core: ['TLSRoute'], extended: [] },
};

describe('feature gate', () => {
  const enabled = enabledFeatures(profiles, ['HTTPRouteCORS']);
  it.each([
    [['Gateway', 'HTTPRoute'], []],
    [['Gateway', 'GRPCRoute'], []],
    [['Gateway', 'HTTPRoute', 'HTTPRouteCORS'], []],
    [['Gateway', 'HTTPRoute', 'HTTPRouteQueryParamMatching'], ['HTTPRouteQueryParamMatching']],
    [['Gateway', 'HTTPRoute', 'TLSRoute'], ['TLSRoute']],
  ])('%j needs %j beyond the claimed features', (features, missing) => {
    expect(missingFeatures({ features }, enabled)).toEqual(missing);
  });
});
