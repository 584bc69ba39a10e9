import type { K8sObject } from '@/lib/k8s/object';
import { buildClusterRole, buildClusterRoleBinding } from '@/lib/k8s/rbac/rbac-builders';
import type { PolicyRule } from '@/lib/k8s/rbac/types';
import type { UserInfo } from '@/server/auth/types';

/**
 * The controller's own identity: a service account whose permissions are an ordinary
 * ClusterRole, so what the controller may do is visible (`kubectl describe clusterrole
 * portico:controller`) and the same as it would be in a real cluster. It reads what the
 * pipeline reads and writes only the status subresources it owns.
 */

export const CONTROLLER_NAMESPACE = 'portico-system';
export const CONTROLLER_SERVICE_ACCOUNT = 'controller';
export const CONTROLLER_ROLE = 'portico:controller';

export function controllerUser(): UserInfo {
  return {
    username: `system:serviceaccount:${CONTROLLER_NAMESPACE}:${CONTROLLER_SERVICE_ACCOUNT}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${CONTROLLER_NAMESPACE}`, 'system:authenticated'],
  };
}

const GATEWAY = 'gateway.networking.k8s.io';
const READ = ['get', 'list', 'watch'];

const controllerRules: PolicyRule[] = [
  { apiGroups: [GATEWAY], resources: ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'referencegrants'], verbs: READ },
  { apiGroups: [GATEWAY], resources: ['gatewayclasses/status', 'gateways/status', 'httproutes/status', 'grpcroutes/status'], verbs: ['update', 'patch'] },
  // Secrets for listener certificates; Services and EndpointSlices for backends; Namespaces for allowedRoutes selectors.
  { apiGroups: [''], resources: ['secrets', 'services', 'namespaces'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
];

const LABELS = { 'app.kubernetes.io/managed-by': 'portico' };

export function buildControllerRbacObjects(): K8sObject[] {
  return [
    buildClusterRole(CONTROLLER_ROLE, controllerRules, LABELS),
    buildClusterRoleBinding(CONTROLLER_ROLE, CONTROLLER_ROLE, [{ kind: 'ServiceAccount', name: CONTROLLER_SERVICE_ACCOUNT, namespace: CONTROLLER_NAMESPACE }], LABELS),
  ];
}

/**
 * Creates the controller's ClusterRole and binding through the API server's system write path,
 * on every start; existing objects are left as they are (idempotent).
 */
export async function seedControllerRbac(api: { createIfAbsent(object: K8sObject): Promise<boolean> }): Promise<void> {
  for (const object of buildControllerRbacObjects()) await api.createIfAbsent(object);
}
