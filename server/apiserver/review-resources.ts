/**
 * Create-only "virtual" resources answered from the authenticator and authorizer instead of the
 * store: SelfSubjectAccessReview (`kubectl auth can-i`) and SelfSubjectReview
 * (`kubectl auth whoami`). Listed in discovery so kubectl finds them.
 */
export interface ReviewResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
}

export const REVIEW_RESOURCES: readonly ReviewResource[] = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    plural: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    plural: 'selfsubjectreviews',
    singular: 'selfsubjectreview',
  },
];

export function findReviewResource(group: string, version: string, plural: string): ReviewResource | undefined {
  return REVIEW_RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}
