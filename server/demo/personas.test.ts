import { describe, expect, it } from 'vitest';
import { authorizeRbac } from '@/lib/k8s/rbac/authorize-rbac';
import { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import type { RbacRequest, RbacUser } from '@/lib/k8s/rbac/types';
import { buildPersonaRbacObjects, PERSONA_USERS } from '@/server/demo/personas';

const GW = 'gateway.networking.k8s.io';
const PORTICO = 'portico.dev';

function userOf(name: string): RbacUser {
  const persona = PERSONA_USERS.find((p) => p.username === name);
  if (!persona) throw new Error(`no persona ${name}`);
  return { username: persona.username, groups: [...persona.groups, 'system:authenticated'] };
}

const index = new RbacIndex();
for (const object of buildPersonaRbacObjects()) {
  if (!index.put(object)) throw new Error(`persona object ${object.kind}/${object.metadata.name} does not parse`);
}

type Case = [who: string, verb: string, group: string, resource: string, namespace: string | undefined, allowed: boolean, subresource?: string];

const cases: Case[] = [
  // Ian: infrastructure provider.
  ['ian', 'create', GW, 'gatewayclasses', undefined, true],
  ['ian', 'delete', GW, 'gatewayclasses', undefined, true],
  ['ian', 'update', GW, 'gatewayclasses', undefined, false, 'status'],
  ['ian', 'list', GW, 'httproutes', undefined, true],
  ['ian', 'get', GW, 'gateways', 'infra', true, 'status'],
  ['ian', 'create', GW, 'httproutes', 'team-a', false],
  ['ian', 'update', GW, 'httproutes', 'team-a', false],
  ['ian', 'delete', GW, 'grpcroutes', 'team-a', false],
  ['ian', 'create', GW, 'gateways', 'infra', false],
  ['ian', 'list', '', 'namespaces', undefined, true],
  ['ian', 'list', '', 'services', undefined, true],
  ['ian', 'watch', 'discovery.k8s.io', 'endpointslices', undefined, true],
  ['ian', 'get', '', 'secrets', 'infra', false],
  ['ian', 'list', '', 'secrets', undefined, false],
  // Chihiro: cluster operator.
  ['chihiro', 'create', GW, 'gateways', 'infra', true],
  ['chihiro', 'create', GW, 'gateways', 'team-a', true],
  ['chihiro', 'create', GW, 'referencegrants', 'team-a', true],
  ['chihiro', 'create', GW, 'referencegrants', 'anywhere-else', true],
  ['chihiro', 'delete', GW, 'referencegrants', 'team-b', true],
  ['chihiro', 'create', '', 'namespaces', undefined, true],
  ['chihiro', 'update', PORTICO, 'accessrequests', 'team-a', true, 'status'],
  ['chihiro', 'patch', PORTICO, 'accessrequests', 'team-a', true, 'status'],
  ['chihiro', 'list', PORTICO, 'accessrequests', undefined, true],
  ['chihiro', 'create', '', 'secrets', 'infra', true],
  ['chihiro', 'get', '', 'secrets', 'infra', true],
  ['chihiro', 'get', '', 'secrets', 'team-a', false],
  ['chihiro', 'list', '', 'secrets', undefined, false],
  ['chihiro', 'list', GW, 'httproutes', undefined, true],
  ['chihiro', 'create', GW, 'httproutes', 'team-a', false],
  ['chihiro', 'update', GW, 'gateways', 'infra', false, 'status'],
  ['chihiro', 'create', GW, 'gatewayclasses', undefined, false],
  // Ana: application developer in team-a.
  ['ana', 'create', GW, 'httproutes', 'team-a', true],
  ['ana', 'delete', GW, 'grpcroutes', 'team-a', true],
  ['ana', 'create', '', 'services', 'team-a', true],
  ['ana', 'update', 'discovery.k8s.io', 'endpointslices', 'team-a', true],
  ['ana', 'create', PORTICO, 'accessrequests', 'team-a', true],
  ['ana', 'get', PORTICO, 'accessrequests', 'team-a', true],
  ['ana', 'update', PORTICO, 'accessrequests', 'team-a', false],
  ['ana', 'update', PORTICO, 'accessrequests', 'team-a', false, 'status'],
  ['ana', 'patch', PORTICO, 'accessrequests', 'team-a', false, 'status'],
  ['ana', 'update', GW, 'httproutes', 'team-a', false, 'status'],
  ['ana', 'patch', GW, 'httproutes', 'team-a', false, 'status'],
  ['ana', 'update', GW, 'gateways', 'infra', false, 'status'],
  ['ana', 'create', GW, 'httproutes', 'team-b', false],
  ['ana', 'create', GW, 'httproutes', 'infra', false],
  ['ana', 'list', GW, 'httproutes', undefined, false],
  ['ana', 'create', '', 'services', 'team-b', false],
  ['ana', 'create', GW, 'gateways', 'team-a', false],
  ['ana', 'create', GW, 'gateways', 'infra', false],
  ['ana', 'list', GW, 'gateways', undefined, true],
  ['ana', 'watch', GW, 'gateways', 'infra', true],
  ['ana', 'list', '', 'namespaces', undefined, true],
  ['ana', 'create', '', 'namespaces', undefined, false],
  ['ana', 'create', GW, 'referencegrants', 'team-a', false],
  ['ana', 'get', '', 'secrets', 'team-a', false],
  ['ana', 'create', GW, 'gatewayclasses', undefined, false],
];

describe('persona boundaries', () => {
  it.each(cases)('%s %s %s %s in %s -> %s (%s)', (who, verb, group, resource, namespace, allowed, subresource) => {
    const request: RbacRequest = { user: userOf(who), verb, apiGroup: group, resource, namespace, subresource };
    expect(authorizeRbac(index, request).allowed).toBe(allowed);
  });

  it('no persona can write any status except the operator approving access requests', () => {
    const kinds = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tlsroutes', 'listenersets', 'backendtlspolicies'];
    for (const persona of PERSONA_USERS) {
      for (const resource of kinds) {
        for (const verb of ['update', 'patch']) {
          for (const namespace of [undefined, 'team-a', 'infra']) {
            const request = { user: userOf(persona.username), verb, apiGroup: GW, resource, subresource: 'status', namespace };
            expect(authorizeRbac(index, request).allowed, `${persona.username} ${verb} ${resource}/status in ${namespace}`).toBe(false);
          }
        }
      }
    }
  });

  it('explains a denial the way kube-apiserver does', () => {
    const request = { user: userOf('ana'), verb: 'create', apiGroup: GW, resource: 'gateways', namespace: 'infra' };
    expect(authorizeRbac(index, request).reason).toBe(
      'User "ana" cannot create resource "gateways" in API group "gateway.networking.k8s.io" in the namespace "infra"',
    );
  });
});
