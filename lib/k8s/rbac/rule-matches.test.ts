import { describe, expect, it } from 'vitest';
import { nonResourceUrlMatches, resourceMatches, ruleAllows } from '@/lib/k8s/rbac/rule-matches';
import type { PolicyRule, RbacRequest } from '@/lib/k8s/rbac/types';

const user = { username: 'ana', groups: ['system:authenticated'] };
const GW = 'gateway.networking.k8s.io';

function req(partial: Partial<RbacRequest>): RbacRequest {
  return { user, verb: 'get', apiGroup: GW, resource: 'httproutes', namespace: 'team-a', ...partial };
}

describe('ruleAllows', () => {
  const cases: Array<[string, PolicyRule, Partial<RbacRequest>, boolean]> = [
    ['exact verb, group, resource', { verbs: ['get'], apiGroups: [GW], resources: ['httproutes'] }, {}, true],
    ['other verb', { verbs: ['list'], apiGroups: [GW], resources: ['httproutes'] }, {}, false],
    ['verb *', { verbs: ['*'], apiGroups: [GW], resources: ['httproutes'] }, { verb: 'deletecollection' }, true],
    ['other group', { verbs: ['get'], apiGroups: [''], resources: ['httproutes'] }, {}, false],
    ['group *', { verbs: ['get'], apiGroups: ['*'], resources: ['httproutes'] }, {}, true],
    ['core group ""', { verbs: ['get'], apiGroups: [''], resources: ['services'] }, { apiGroup: '', resource: 'services' }, true],
    ['no apiGroups matches nothing', { verbs: ['get'], resources: ['httproutes'] }, {}, false],
    ['other resource', { verbs: ['get'], apiGroups: [GW], resources: ['grpcroutes'] }, {}, false],
    ['resource * matches main resource', { verbs: ['get'], apiGroups: [GW], resources: ['*'] }, {}, true],
    ['resource * matches subresources', { verbs: ['update'], apiGroups: [GW], resources: ['*'] }, { verb: 'update', subresource: 'status' }, true],
    ['plain resource does not match its status', { verbs: ['update'], apiGroups: [GW], resources: ['httproutes'] }, { verb: 'update', subresource: 'status' }, false],
    ['resource/status does not match the main resource', { verbs: ['update'], apiGroups: [GW], resources: ['httproutes/status'] }, { verb: 'update' }, false],
    ['resource/status matches the status', { verbs: ['update'], apiGroups: [GW], resources: ['httproutes/status'] }, { verb: 'update', subresource: 'status' }, true],
    ['*/status matches any status', { verbs: ['patch'], apiGroups: [GW], resources: ['*/status'] }, { verb: 'patch', resource: 'gateways', subresource: 'status' }, true],
    ['*/status does not match the main resource', { verbs: ['patch'], apiGroups: [GW], resources: ['*/status'] }, { verb: 'patch' }, false],
    ['*/status does not match another subresource', { verbs: ['get'], apiGroups: [GW], resources: ['*/status'] }, { subresource: 'scale' }, false],
    ['resource/* is not a wildcard (kube semantics)', { verbs: ['get'], apiGroups: [GW], resources: ['httproutes/*'] }, { subresource: 'status' }, false],
    ['resource/* is not the main resource either', { verbs: ['get'], apiGroups: [GW], resources: ['httproutes/*'] }, {}, false],
    ['*/* only matches a subresource literally named *', { verbs: ['get'], apiGroups: [GW], resources: ['*/*'] }, { subresource: 'status' }, false],
    ['resourceNames: named get', { verbs: ['get'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] }, { name: 'web' }, true],
    ['resourceNames: other name', { verbs: ['get'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] }, { name: 'api' }, false],
    ['resourceNames: list has no name', { verbs: ['list'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] }, { verb: 'list' }, false],
    ['resourceNames: watch has no name', { verbs: ['watch'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] }, { verb: 'watch' }, false],
    ['resourceNames: create has no name', { verbs: ['create'], apiGroups: [GW], resources: ['httproutes'], resourceNames: ['web'] }, { verb: 'create' }, false],
    ['empty resourceNames = all', { verbs: ['create'], apiGroups: [GW], resources: ['httproutes'], resourceNames: [] }, { verb: 'create' }, true],
    ['resource rule never grants a path', { verbs: ['get'], apiGroups: ['*'], resources: ['*'] }, { nonResourcePath: '/version' }, false],
    ['path rule never grants a resource', { verbs: ['get'], nonResourceURLs: ['*'] }, {}, false],
    ['path exact', { verbs: ['get'], nonResourceURLs: ['/version'] }, { nonResourcePath: '/version' }, true],
    ['path verb mismatch', { verbs: ['get'], nonResourceURLs: ['/version'] }, { verb: 'post', nonResourcePath: '/version' }, false],
  ];
  it.each(cases)('%s', (_name, rule, partial, expected) => {
    expect(ruleAllows(rule, req(partial))).toBe(expected);
  });
});

describe('resourceMatches', () => {
  it.each([
    [['*'], 'gateways', '', true],
    [['gateways'], 'gateways', '', true],
    [['*/status'], 'gateways/status', 'status', true],
    [['*/statu'], 'gateways/status', 'status', false],
    [['x*/status'], 'gateways/status', 'status', false],
    [[], 'gateways', '', false],
  ] as const)('%j vs %s', (resources, combined, sub, expected) => {
    expect(resourceMatches({ verbs: ['get'], resources: [...resources] }, combined, sub)).toBe(expected);
  });
});

describe('nonResourceUrlMatches', () => {
  it.each([
    [['*'], '/anything', true],
    [['/healthz'], '/healthz', true],
    [['/healthz'], '/healthz/ready', false],
    [['/healthz/*'], '/healthz/ready', true],
    [['/healthz/*'], '/healthz', false],
    [['/healthz*'], '/healthz', true],
    [['/healthz*'], '/healthzz', true],
    [['/apis/*'], '/api', false],
    [['/version'], '/Version', false],
  ] as const)('%j vs %s', (urls, path, expected) => {
    expect(nonResourceUrlMatches({ verbs: ['get'], nonResourceURLs: [...urls] }, path)).toBe(expected);
  });
});
