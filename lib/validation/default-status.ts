import { resourceId, type ResourceType } from '@/lib/k8s/kinds';
import { pendingConditions } from '@/lib/gateway-api/shared/conditions';

/**
 * the status a kind's schema gives a newly created object (applied on create only; later
 * writes keep whatever status is stored). Undefined for kinds without a status default.
 */
export function defaultStatus(type: Pick<ResourceType, 'group' | 'plural'>): Record<string, unknown> | undefined {
  switch (resourceId(type)) {
    case 'gateway.networking.k8s.io/gateways':
    case 'gateway.networking.k8s.io/listenersets':
      return { conditions: pendingConditions(['Accepted', 'Programmed']) };
    case 'gateway.networking.k8s.io/gatewayclasses':
      return { conditions: pendingConditions(['Accepted']) };
    case 'portico.dev/accessrequests':
      return { phase: 'Pending' };
    // The namespace strategy sets the phase on create.
    case '/namespaces':
      return { phase: 'Active' };
    default:
      return undefined;
  }
}
