import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { diffLines, diffObjects, elide } from './object-diff';

const route = (hostname: string, extra: Partial<K8sObject['metadata']> = {}): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'r', namespace: 'a', resourceVersion: '7', uid: 'u', managedFields: [{ manager: 'x' }], ...extra },
  spec: { hostnames: [hostname] },
  status: { parents: [] },
});

describe('diffLines', () => {
  it.each([
    [['a', 'b', 'c'], ['a', 'x', 'c'], ['=a', '-b', '+x', '=c']],
    [[], ['a'], ['+a']],
    [['a'], [], ['-a']],
    [['a', 'b'], ['a', 'b'], ['=a', '=b']],
  ])('%j -> %j', (a, b, expected) => {
    const ops = { add: '+', remove: '-', same: '=' } as const;
    expect(diffLines(a, b).map((l) => ops[l.op] + l.text)).toEqual(expected);
  });

  it('elides long unchanged runs to one line', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8'];
    const b = ['1', '2', '3', '4', '5', '6', '7', 'X'];
    expect(elide(diffLines(a, b)).map((l) => l.text)).toEqual(['…', '6', '7', '8', 'X']);
  });
});

describe('diffObjects', () => {
  it('shows the spec change and leaves out status and server-set metadata', () => {
    const diff = diffObjects(route('a.example.com'), route('b.example.com', { resourceVersion: '8' }));
    expect(diff.filter((l) => l.op !== 'same')).toEqual([
      { op: 'remove', text: '    - a.example.com' },
      { op: 'add', text: '    - b.example.com' },
    ]);
    expect(JSON.stringify(diff)).not.toMatch(/resourceVersion|managedFields|uid|status/);
  });

  it('never prints Secret values, but shows that they changed', () => {
    const secret = (value: string): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'tls.key': value } });
    const diff = diffObjects(secret('c2VjcmV0'), secret('b3RoZXI='));
    expect(JSON.stringify(diff)).not.toMatch(/c2VjcmV0|b3RoZXI=/);
    expect(diff.filter((l) => l.op !== 'same')).toHaveLength(2);
  });
});
