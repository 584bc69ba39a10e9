import { findResourceType } from '@/lib/k8s/kinds';
import { resourceRef, type ResourceRef } from '@/lib/api/k8s-paths';

function refFor(group: string, plural: string): ResourceRef {
  const type = findResourceType(group, plural);
  if (!type) throw new Error(`unknown resource ${group}/${plural}`);
  return resourceRef(type);
}

const GW = 'gateway.networking.k8s.io';

/** Refs of the kinds the console works with, at their storage versions (one place to look them up). */
export const REFS = {
  namespaces: refFor('', 'namespaces'),
  services: refFor('', 'services'),
  secrets: refFor('', 'secrets'),
  gatewayClasses: refFor(GW, 'gatewayclasses'),
  gateways: refFor(GW, 'gateways'),
  httpRoutes: refFor(GW, 'httproutes'),
  grpcRoutes: refFor(GW, 'grpcroutes'),
  referenceGrants: refFor(GW, 'referencegrants'),
  accessRequests: refFor('portico.dev', 'accessrequests'),
} as const satisfies Record<string, ResourceRef>;
