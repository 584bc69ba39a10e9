import type { RbacRequest } from '@/lib/k8s/rbac/types';

/** kube-apiserver's denial text (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go). */
export function forbiddenMessage(request: RbacRequest): string {
  const user = request.user.username;
  if (request.nonResourcePath !== undefined) {
    return `User ${q(user)} cannot ${request.verb} path ${q(request.nonResourcePath)}`;
  }
  const resource = request.subresource ? `${request.resource ?? ''}/${request.subresource}` : (request.resource ?? '');
  const where = request.namespace ? `in the namespace ${q(request.namespace)}` : 'at the cluster scope';
  return `User ${q(user)} cannot ${request.verb} resource ${q(resource)} in API group ${q(request.apiGroup ?? '')} ${where}`;
}

/** Go's %q for the strings we print: JSON string quoting is the same for printable text. */
function q(value: string): string {
  return JSON.stringify(value);
}
