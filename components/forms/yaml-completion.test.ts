import { describe, expect, it } from 'vitest';
import { completionsFor, yamlContextAt } from '@/components/forms/yaml-completion';

const doc = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
spec:
  rules:
    - matches:
        - path:
            type: `;

describe('yamlContextAt', () => {
  it('finds the mapping and key under the cursor', () => {
    const ctx = yamlContextAt(doc, doc.length);
    expect(ctx).toEqual({ parent: 'spec.rules.matches.path', valueKey: 'type' });
    expect(completionsFor(ctx).options).toContain('PathPrefix');
  });
  it('offers the keys of a rule', () => {
    const text = 'spec:\n  rules:\n    - ';
    expect(completionsFor(yamlContextAt(text, text.length)).options).toContain('backendRefs');
  });
  it('offers top-level keys at the start', () => {
    expect(completionsFor(yamlContextAt('', 0)).options).toContain('spec');
  });
  it('offers spec keys inside spec', () => {
    const text = 'kind: HTTPRoute\nspec:\n  ';
    expect(completionsFor(yamlContextAt(text, text.length)).options).toEqual(['parentRefs', 'hostnames', 'rules']);
  });
});
