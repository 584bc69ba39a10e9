import { describe, expect, it } from 'vitest';
import { applyJsonPatch, parseJsonPatch } from './json-patch';
import { applyMergePatch } from './merge-patch';
import { applyStrategicMergePatch } from './strategic-merge-patch';

describe('applyMergePatch (RFC 7386 appendix A)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, want) => {
    expect(applyMergePatch(target, patch)).toEqual(want);
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { a: { b: [1, 2, 3] }, 'x/y': 'slash', 't~': 'tilde' };
  it.each([
    [[{ op: 'add', path: '/a/c', value: 1 }], { ...doc, a: { b: [1, 2, 3], c: 1 } }],
    [[{ op: 'add', path: '/a/b/1', value: 9 }], { ...doc, a: { b: [1, 9, 2, 3] } }],
    [[{ op: 'add', path: '/a/b/-', value: 4 }], { ...doc, a: { b: [1, 2, 3, 4] } }],
    [[{ op: 'remove', path: '/a/b/0' }], { ...doc, a: { b: [2, 3] } }],
    [[{ op: 'replace', path: '/x~1y', value: 'r' }], { ...doc, 'x/y': 'r' }],
    [[{ op: 'move', from: '/t~0', path: '/moved' }], { a: doc.a, 'x/y': 'slash', moved: 'tilde' }],
    [[{ op: 'copy', from: '/a/b/2', path: '/a/b/0' }], { ...doc, a: { b: [3, 1, 2, 3] } }],
    [[{ op: 'test', path: '/a/b', value: [1, 2, 3] }], doc],
  ])('%j', (ops, want) => {
    expect(applyJsonPatch(doc, parseJsonPatch(ops))).toEqual(want);
  });

  it.each([
    [[{ op: 'test', path: '/a/b/0', value: 2 }], /testing value/],
    [[{ op: 'remove', path: '/nope' }], /does not exist/],
    [[{ op: 'replace', path: '/a/b/7', value: 1 }], /out of range/],
    [[{ op: 'add', path: 'a', value: 1 }], /must start with/],
  ])('fails on %j', (ops, message) => {
    expect(() => applyJsonPatch(doc, parseJsonPatch(ops))).toThrow(message);
  });

  it('does not modify its input', () => {
    applyJsonPatch(doc, parseJsonPatch([{ op: 'remove', path: '/a' }]));
    expect(doc.a.b).toEqual([1, 2, 3]);
  });

  it.each([[{}], [[{ op: 'jump', path: '/a' }]], [[{ op: 'add', path: '/a' }]], [[{ op: 'move', path: '/a' }]]])('rejects malformed %j with 400', (body) => {
    expect(() => parseJsonPatch(body)).toThrowError(expect.objectContaining({ code: 400 }) as Error);
  });
});

describe('applyStrategicMergePatch', () => {
  const svc = {
    metadata: { name: 's', finalizers: ['a'], labels: { x: '1' } },
    spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443, name: 'https' }], selector: { app: 'a' }, externalIPs: ['1.1.1.1'] },
  };
  it.each([
    ['merges list elements by merge key', { spec: { ports: [{ port: 443, targetPort: 8443 }] } }, (o: typeof svc) => o.spec.ports, [
      { port: 80, targetPort: 8080, name: 'http' },
      { port: 443, name: 'https', targetPort: 8443 },
    ]],
    ['appends new elements', { spec: { ports: [{ port: 9000 }] } }, (o: typeof svc) => o.spec.ports.map((p) => p.port), [80, 443, 9000]],
    ['deletes an element with $patch: delete', { spec: { ports: [{ port: 80, $patch: 'delete' }] } }, (o: typeof svc) => o.spec.ports.map((p) => p.port), [443]],
    ['replaces a list with $patch: replace', { spec: { ports: [{ $patch: 'replace' }, { port: 1 }] } }, (o: typeof svc) => o.spec.ports, [{ port: 1 }]],
    ['replaces atomic lists', { spec: { externalIPs: ['2.2.2.2'] } }, (o: typeof svc) => o.spec.externalIPs, ['2.2.2.2']],
    ['unions primitive merge lists', { metadata: { finalizers: ['b', 'a'] } }, (o: typeof svc) => o.metadata.finalizers, ['a', 'b']],
    ['deletes from primitive lists', { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, (o: typeof svc) => o.metadata.finalizers, []],
    ['deletes keys set to null', { metadata: { labels: { x: null } } }, (o: typeof svc) => o.metadata.labels, {}],
    ['replaces a map with $patch: replace', { spec: { selector: { $patch: 'replace', app: 'b' } } }, (o: typeof svc) => o.spec.selector, { app: 'b' }],
    ['orders with $setElementOrder', { spec: { '$setElementOrder/ports': [{ port: 443 }, { port: 80 }] } }, (o: typeof svc) => o.spec.ports.map((p) => p.port), [443, 80]],
    ['honours $retainKeys', { spec: { $retainKeys: ['ports'], ports: [] } }, (o: typeof svc) => Object.keys(o.spec), ['ports']],
  ])('%s', (_name, patch, pick, want) => {
    expect(pick(applyStrategicMergePatch('Service', svc, patch) as typeof svc)).toEqual(want);
  });

  it('treats lists of kinds without merge keys as atomic', () => {
    expect(applyStrategicMergePatch('ConfigMap', { spec: { ports: [{ port: 1 }] } }, { spec: { ports: [{ port: 2 }] } })).toEqual({ spec: { ports: [{ port: 2 }] } });
  });
});
