import { ApiError } from '@/lib/k8s/status-error';
import type { Authorizer, UserInfo } from '@/server/auth/types';
import { isPlainObject } from './patch/merge-patch';
import type { ReviewResource } from './review-resources';
import { rfc3339 } from './write-context';

/**
 * SelfSubjectAccessReview (`kubectl auth can-i`) and SelfSubjectReview (`kubectl auth whoami`):
 * answered from the request's user and the authorizer, never stored.
 */
export function answerReview(resource: ReviewResource, body: unknown, user: UserInfo, authorizer: Authorizer): unknown {
  if (!isPlainObject(body)) throw new ApiError('BadRequest', `the request body must be a ${resource.kind} object`);
  const apiVersion = `${resource.group}/${resource.version}`;
  if (resource.kind === 'SelfSubjectReview') {
    return {
      apiVersion,
      kind: resource.kind,
      metadata: { creationTimestamp: rfc3339(new Date()) },
      status: { userInfo: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups } },
    };
  }
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const ra = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nra = isPlainObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  if (!ra && !nra) {
    throw new ApiError('Invalid', 'SelfSubjectAccessReview is invalid: spec: exactly one of nonResourceAttributes or resourceAttributes must be specified', {
      kind: resource.kind,
      group: resource.group,
      causes: [{ reason: 'FieldValueInvalid', field: 'spec', message: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' }],
    });
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const decision = ra
    ? authorizer.authorize({
        user,
        verb: str(ra.verb) ?? '',
        apiGroup: typeof ra.group === 'string' ? ra.group : '',
        resource: str(ra.resource) ?? '',
        subresource: str(ra.subresource),
        namespace: str(ra.namespace),
        name: str(ra.name),
      })
    : authorizer.authorize({ user, verb: str(nra!.verb) ?? '', nonResourcePath: str(nra!.path) ?? '' });
  return {
    apiVersion,
    kind: resource.kind,
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: decision.allowed, reason: decision.reason },
  };
}
