import type { UserInfo } from '@/server/auth/types';

/**
 * The proxy's identity towards the control plane: a service account, like the controller's
 * (server/controller/controller-identity). Its token is accepted by the ordinary authenticator,
 * and `/api/proxy` admits this user only. It needs no RBAC role: the proxy never calls `/k8s`,
 * and a leaked proxy token grants nothing beyond reading snapshots and posting acks.
 */
export const PROXY_NAMESPACE = 'portico-system';
export const PROXY_SERVICE_ACCOUNT = 'proxy';

export function proxyUser(): UserInfo {
  return {
    username: `system:serviceaccount:${PROXY_NAMESPACE}:${PROXY_SERVICE_ACCOUNT}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${PROXY_NAMESPACE}`, 'system:authenticated'],
  };
}
