import { describe, expect, it } from 'vitest';
import { findReferences } from '@/lib/access/find-references';
import { buildNarrowestGrant, grantNameFor, isGrantFor } from '@/lib/access/narrowest-grant';
import type { K8sObject } from '@/lib/k8s/object';

const request = (to: { group: string; kind: string; namespace: string; name?: string }, name = 'pay') => ({
  metadata: { name, namespace: 'team-a' },
  spec: { from: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }, to, reason: 'needed' },
});

describe('buildNarrowestGrant', () => {
  it('grants one from (the request namespace) and one to (with the name when given)', () => {
    const grant = buildNarrowestGrant(request({ group: '', kind: 'Service', namespace: 'team-b', name: 'payments' }));
    expect(grant.metadata).toMatchObject({ name: 'access-team-a-pay', namespace: 'team-b', annotations: { 'portico.dev/access-request': 'team-a/pay' } });
    expect(grant.spec).toEqual({ from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'team-a' }], to: [{ group: '', kind: 'Service', name: 'payments' }] });
    expect(buildNarrowestGrant(request({ group: '', kind: 'Service', namespace: 'team-b' })).spec).toMatchObject({ to: [{ group: '', kind: 'Service' }] });
  });

  it('keeps long names within 253 characters, stable and distinct', () => {
    const long = 'x'.repeat(250);
    const a = grantNameFor('team-a', long);
    expect(a.length).toBeLessThanOrEqual(253);
    expect(a).toBe(grantNameFor('team-a', long));
    expect(a).not.toBe(grantNameFor('team-a', `${long.slice(1)}y`));
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
  });

  it('recognises the grant it makes, and not another with the same name', () => {
    const r = request({ group: '', kind: 'Service', namespace: 'team-b', name: 'payments' });
    const grant = buildNarrowestGrant(r);
    expect(isGrantFor(grant, r)).toBe(true);
    expect(isGrantFor({ ...grant, metadata: { ...grant.metadata, annotations: {} } }, r)).toBe(false);
    expect(isGrantFor({ ...grant, spec: { ...(grant.spec as object), to: [{ group: '', kind: 'Service' }] } }, r)).toBe(false);
  });
});

describe('findReferences', () => {
  const route = (name: string, rules: unknown[]): K8sObject => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: 'team-a' }, spec: { rules } });
  const routes = [
    route('b-shop', [{ backendRefs: [{ name: 'shop' }] }, { backendRefs: [{ name: 'payments', namespace: 'team-b' }] }]),
    route('a-mirror', [{ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'payments', namespace: 'team-b' } } }] }]),
    route('other', [{ backendRefs: [{ name: 'payments' }] }]),
  ];

  it('finds backend and mirror references to the target, with their fields', () => {
    expect(findReferences(routes, { group: '', kind: 'Service', namespace: 'team-b', name: 'payments' })).toEqual([
      { kind: 'HTTPRoute', namespace: 'team-a', name: 'a-mirror', fields: ['spec.rules[0].filters[0].requestMirror.backendRef'] },
      { kind: 'HTTPRoute', namespace: 'team-a', name: 'b-shop', fields: ['spec.rules[1].backendRefs[0]'] },
    ]);
  });

  it('matches any name when the target names none, and never another kind', () => {
    expect(findReferences(routes, { group: '', kind: 'Service', namespace: 'team-b' })).toHaveLength(2);
    expect(findReferences(routes, { group: '', kind: 'Secret', namespace: 'team-b' })).toEqual([]);
  });
});
