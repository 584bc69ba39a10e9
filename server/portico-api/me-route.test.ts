import { describe, expect, it } from 'vitest';
import { authorizeRbac } from '@/lib/k8s/rbac/authorize-rbac';
import { RbacIndex } from '@/lib/k8s/rbac/rbac-index';
import { buildPersonaRbacObjects, PERSONA_USERS } from '@/server/demo/personas';
import type { Authorizer } from '@/server/auth/types';
import { computeMe } from './me-route';

/** The real persona RBAC objects, decided by the real evaluator: no stand-in authorizer. */
function personaAuthorizer(): Authorizer {
  const index = new RbacIndex();
  for (const object of buildPersonaRbacObjects()) index.put(object);
  return { authorize: (attributes) => authorizeRbac(index, attributes) };
}

const NAMESPACES = ['default', 'infra', 'team-a', 'team-b'];

function userNamed(username: string) {
  const persona = PERSONA_USERS.find((p) => p.username === username)!;
  return { username, groups: [...persona.groups, 'system:authenticated'] };
}

describe('computeMe', () => {
  it.each([
    ['ian', ['infrastructure'], []],
    ['chihiro', ['operations'], []],
    ['ana', ['applications'], ['team-a']],
  ])('%s gets the areas their RBAC opens', (username, areas, applicationNamespaces) => {
    const me = computeMe(userNamed(username), personaAuthorizer(), NAMESPACES);
    expect(me.areas).toEqual(areas);
    expect(me.applicationNamespaces).toEqual(applicationNamespaces);
    expect(me.user.username).toBe(username);
  });

  it('gives a cluster admin every area and every namespace', () => {
    const me = computeMe({ username: 'root', groups: ['system:masters'] }, personaAuthorizer(), NAMESPACES);
    expect(me.areas).toEqual(['infrastructure', 'operations', 'applications']);
    expect(me.applicationNamespaces).toEqual(NAMESPACES);
  });

  it('gives a user without bindings no area', () => {
    const me = computeMe({ username: 'nobody', groups: ['system:authenticated'] }, personaAuthorizer(), NAMESPACES);
    expect(me.areas).toEqual([]);
  });
});
