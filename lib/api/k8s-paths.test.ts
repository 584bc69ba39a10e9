import { describe, expect, it } from 'vitest';
import { k8sPath } from '@/lib/api/k8s-paths';
import { REFS } from '@/lib/api/resource-refs';
import { K8sApiError } from '@/lib/api/k8s-api-error';

describe('k8sPath', () => {
  const cases: [string, string][] = [
    [k8sPath(REFS.namespaces), '/k8s/api/v1/namespaces'],
    [k8sPath(REFS.services, { namespace: 'team-a' }), '/k8s/api/v1/namespaces/team-a/services'],
    [k8sPath(REFS.httpRoutes, { namespace: 'team-a', name: 'shop' }), '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/team-a/httproutes/shop'],
    [k8sPath(REFS.gateways, { namespace: 'infra', name: 'public', subresource: 'status' }), '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways/public/status'],
    [k8sPath(REFS.gatewayClasses, { query: { watch: 1, resourceVersion: '12', labelSelector: undefined } }), '/k8s/apis/gateway.networking.k8s.io/v1/gatewayclasses?watch=1&resourceVersion=12'],
    [k8sPath(REFS.referenceGrants, { namespace: 'team-b' }), '/k8s/apis/gateway.networking.k8s.io/v1beta1/namespaces/team-b/referencegrants'],
    [k8sPath(REFS.httpRoutes, { namespace: 'a', query: { fieldSelector: 'metadata.name=x y' } }), '/k8s/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes?fieldSelector=metadata.name%3Dx+y'],
  ];
  for (const [got, want] of cases) it(want, () => expect(got).toBe(want));
});

describe('K8sApiError.fromStatus', () => {
  it('reads reason, message and field causes from a Status', () => {
    const e = K8sApiError.fromStatus(422, {
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message: 'HTTPRoute "x" is invalid: spec.rules[0].matches[0].path.value: must start with /',
      details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.rules[0].matches[0].path.value', message: 'must start with /' }] },
    });
    expect(e).toMatchObject({ status: 422, reason: 'Invalid', isInvalid: true });
    expect(e.causesAt('spec.rules[0]')).toHaveLength(1);
    expect(e.causesAt('spec.hostnames')).toHaveLength(0);
  });
  it('falls back to the status line for a non-Status body', () => {
    const e = K8sApiError.fromStatus(502, '<html>', 'GET /k8s answered 502');
    expect(e).toMatchObject({ status: 502, reason: '', message: 'GET /k8s answered 502' });
  });
});
