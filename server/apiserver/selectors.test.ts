import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { buildSelector } from './selectors';

const obj = (labels: Record<string, string>, name = 'a', namespace = 'ns1'): K8sObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels },
});

describe('buildSelector (A-30)', () => {
  const o = obj({ app: 'web', tier: 'front' });
  it.each([
    ['app=web', null, true],
    ['app==web', null, true],
    ['app=api', null, false],
    ['app!=api', null, true],
    ['app!=web', null, false],
    ['missing!=x', null, true],
    ['app in (web, api)', null, true],
    ['app in (api)', null, false],
    ['app notin (api)', null, true],
    ['app notin (web)', null, false],
    ['tier', null, true],
    ['!tier', null, false],
    ['!missing', null, true],
    ['app=web,tier in (front,back),!missing', null, true],
    [null, 'metadata.name=a', true],
    [null, 'metadata.name!=a', false],
    [null, 'metadata.namespace==ns1', true],
    ['app=web', 'metadata.namespace=ns2', false],
  ])('label %s field %s → %s', (label, field, want) => {
    const pred = buildSelector(label, field);
    expect(pred ? pred(o) : true).toBe(want);
  });

  it('no selectors yields no predicate', () => {
    expect(buildSelector(null, '')).toBeUndefined();
  });

  it.each([['app=we b'], ['=x'], ['app in (a b)']])('rejects bad label selector %s with 400', (sel) => {
    expect(() => buildSelector(sel, null)).toThrowError(expect.objectContaining({ code: 400 }) as Error);
  });

  it('rejects unsupported field labels with 400', () => {
    expect(() => buildSelector(null, 'spec.x=1')).toThrowError(/field label not supported/);
  });
});
