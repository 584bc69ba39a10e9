import { describe, expect, it } from 'vitest';
import { locateField, parseFieldPath, parseYaml } from '@/components/forms/yaml-locate';

const text = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: nope
`;

describe('parseFieldPath', () => {
  const cases: [string, (string | number)[]][] = [
    ['spec.rules[0].matches[1].path.value', ['spec', 'rules', 0, 'matches', 1, 'path', 'value']],
    ['metadata.labels[app.kubernetes.io/name]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['', []],
  ];
  for (const [field, want] of cases) it(field || '(empty)', () => expect(parseFieldPath(field)).toEqual(want));
});

describe('locateField', () => {
  it('finds the node of a field', () => {
    const { doc } = parseYaml(text);
    const r = locateField(doc, 'spec.rules[0].matches[0].path.value');
    expect(text.slice(r.from, r.to)).toBe('nope');
  });
  it('falls back to the deepest existing ancestor for a missing field', () => {
    const { doc } = parseYaml(text);
    const r = locateField(doc, 'spec.rules[0].backendRefs[0].port');
    expect(text.slice(r.from, r.to)).toContain('matches:');
  });
  it('reports syntax errors with positions', () => {
    const p = parseYaml('a: [1, 2\n');
    expect(p.errors.length).toBeGreaterThan(0);
    expect(p.value).toBeUndefined();
  });
});
