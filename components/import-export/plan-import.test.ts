import { describe, expect, it } from 'vitest';
import { planImport } from './plan-import';

const route = (name: string, path = '/') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
spec:
  parentRefs: [{ name: public, namespace: infra }]
  rules:
    - matches: [{ path: { type: PathPrefix, value: "${path}" } }]
`;

describe('planImport', () => {
  it('turns valid documents into steps in the default namespace and rejects invalid ones with field causes', () => {
    const plan = planImport(`${route('good')}---\n${route('bad', 'no-slash')}---\n`, 'team-a');
    expect(plan.total).toBe(2);
    expect(plan.steps.map((s) => [s.index, s.label, s.object.metadata.namespace])).toEqual([[1, 'HTTPRoute team-a/good', 'team-a']]);
    expect(plan.rejected).toHaveLength(1);
    expect(plan.rejected[0]).toMatchObject({ index: 2, label: 'HTTPRoute team-a/bad', outcome: 'invalid' });
    expect(plan.rejected[0]?.causes.some((c) => c.field.startsWith('spec.rules[0].matches[0].path'))).toBe(true);
  });

  it('rejects YAML errors, unknown kinds, scalars and missing names', () => {
    const plan = planImport('a: [\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n---\n42\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'default');
    expect(plan.rejected.map((r) => r.outcome)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    expect(plan.rejected[1]?.message).toContain('not a kind Portico serves');
    expect(plan.steps).toEqual([]);
  });

  it('keeps an explicit namespace and drops one on cluster-scoped kinds', () => {
    const plan = planImport('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: team-b}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n, namespace: x}\n', 'team-a');
    expect(plan.steps.map((s) => s.label)).toEqual(['ConfigMap team-b/c', 'Namespace n']);
  });
});
