import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '@/lib/k8s/kinds';
import { defaultStatus } from '@/lib/validation/default-status';
import { schemaFor } from '@/lib/validation/kind-schemas';
import { lines, objectOf, resourceTypeOf, validateBody } from '@/lib/validation/test-fixtures';
import { validateResource } from '@/lib/validation/validate-resource';

describe('validateResource', () => {
  it('has a schema for every kind in the resource table', () => {
    for (const type of RESOURCE_TYPES) expect(() => schemaFor(type)).not.toThrow();
  });

  it('prunes unknown fields at every depth and reports their paths (A-40)', () => {
    const input = {
      ...objectOf('HTTPRoute', {
        spec: { rulez: [], parentRefs: [{ name: 'gw', colour: 'red' }], rules: [{ matches: [{ path: { value: '/a', kind: 'x' } }], retry: { attempts: 2 } }] },
      }),
      extra: true,
    };
    input.metadata = { ...input.metadata, bogus: 1 } as typeof input.metadata;
    const result = validateResource(resourceTypeOf('HTTPRoute'), input, 'object');
    expect(result.causes).toEqual([]);
    expect(result.unknownFields.sort()).toEqual(['extra', 'metadata.bogus', 'spec.parentRefs[0].colour', 'spec.rules[0].matches[0].path.kind', 'spec.rules[0].retry', 'spec.rulez']);
    expect(result.object).not.toHaveProperty('extra');
    expect(result.object.metadata).not.toHaveProperty('bogus');
    expect(result.object.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a' } }] }],
    });
  });

  it('drops nulls before defaulting, as kube-apiserver does for non-nullable fields', () => {
    const { object, causes } = validateBody('HTTPRoute', { spec: { hostnames: null, rules: [{ matches: [{ path: null }], backendRefs: [{ name: 's', port: 80, weight: null }] }] } });
    expect(causes).toEqual([]);
    expect(object.spec).toEqual({ rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 's', port: 80, weight: 1 }] }] });
  });

  it('collects every independent problem, not the first (A-38)', () => {
    const result = validateBody('HTTPRoute', {
      spec: {
        hostnames: ['UPPER.example.com'],
        parentRefs: [{ name: 'gw' }, { name: 'gw' }],
        rules: [{ matches: [{ path: { value: 'relative' } }], backendRefs: [{ name: 'svc' }] }],
      },
    });
    expect(result.causes.map((c) => c.field)).toEqual(
      expect.arrayContaining(['spec.hostnames[0]', 'spec.parentRefs', 'spec.rules[0].matches[0].path', 'spec.rules[0].backendRefs[0]']),
    );
    expect(result.causes.length).toBeGreaterThanOrEqual(4);
    expect(result.causes.map((c) => c.reason)).toEqual(result.causes.map(() => 'FieldValueInvalid'));
  });

  it('reports metadata and spec problems together', () => {
    const input = { ...objectOf('HTTPRoute', { spec: { hostnames: ['a'.repeat(254)] } }), metadata: { name: 'Bad_Name', namespace: 'default', labels: { 'a/b/c': 'x' } } };
    const got = validateResource(resourceTypeOf('HTTPRoute'), input, 'object').causes;
    expect(got.map((c) => `${c.field} ${c.reason}`)).toEqual(
      expect.arrayContaining(['metadata.name FieldValueInvalid', 'metadata.labels FieldValueInvalid', 'spec.hostnames[0] FieldValueTooLong']),
    );
  });

  it("part 'object' keeps status as given; part 'status' validates only status", () => {
    const withBadStatus = { ...objectOf('HTTPRoute', { spec: {} }), status: { parents: 'nope' } };
    const main = validateResource(resourceTypeOf('HTTPRoute'), withBadStatus, 'object');
    expect(main.causes).toEqual([]);
    expect(main.object.status).toEqual({ parents: 'nope' });

    const withBadSpec = { ...objectOf('HTTPRoute', { spec: { rules: 'nope' } }), status: { parents: [], extra: 1 } };
    const status = validateResource(resourceTypeOf('HTTPRoute'), withBadSpec, 'status');
    expect(status.causes).toEqual([]);
    expect(status.unknownFields).toEqual(['status.extra']);
    expect(status.object.status).toEqual({ parents: [] });
    expect(status.object.spec).toEqual({ rules: 'nope' });

    const bad = validateResource(resourceTypeOf('HTTPRoute'), { ...withBadSpec, status: {} }, 'status');
    expect(lines(bad.causes)).toEqual(['status.parents: Required value']);
  });

  it('rejects something that is not an object', () => {
    expect(validateResource(resourceTypeOf('Gateway'), [], 'object').causes).toHaveLength(1);
  });
});

describe('defaultStatus (A-22)', () => {
  const pending = (type: string) => ({ type, status: 'Unknown', reason: 'Pending', message: 'Waiting for controller', lastTransitionTime: '1970-01-01T00:00:00Z' });
  it.each([
    ['Gateway', { conditions: [pending('Accepted'), pending('Programmed')] }],
    ['ListenerSet', { conditions: [pending('Accepted'), pending('Programmed')] }],
    ['GatewayClass', { conditions: [pending('Accepted')] }],
    ['AccessRequest', { phase: 'Pending' }],
    ['HTTPRoute', undefined],
    ['Secret', undefined],
  ])('%s', (kind, want) => {
    expect(defaultStatus(resourceTypeOf(kind))).toEqual(want);
  });

  it('produces a status the status schema accepts', () => {
    for (const kind of ['Gateway', 'ListenerSet', 'GatewayClass', 'AccessRequest']) {
      const type = resourceTypeOf(kind);
      const result = validateResource(type, { ...objectOf(kind, {}), status: defaultStatus(type) }, 'status');
      expect(result.causes).toEqual([]);
    }
  });
});
