import { describe, expect, it } from 'vitest';
import type { K8sObject } from '@/lib/k8s/object';
import { changedPaths, fromFieldsV1, leafPaths, toFieldsV1, updateManagedFields } from './managed-fields';
import { applyConfiguration, isSubset } from './patch/server-side-apply';

const obj = (spec: unknown, managedFields?: K8sObject['metadata']['managedFields']): K8sObject => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { name: 'n', uid: 'u', labels: { a: 'b' }, ...(managedFields ? { managedFields } : {}) },
  spec,
});

describe('field sets', () => {
  it('collects leaves, skipping server-owned metadata and treating lists as atomic', () => {
    expect([...leafPaths(obj({ x: 1, l: [1, 2], m: { y: 'z' } }))].sort()).toEqual(
      ['["metadata","labels","a"]', '["spec","l"]', '["spec","m","y"]', '["spec","x"]'].sort(),
    );
  });

  it('round-trips FieldsV1', () => {
    const paths = leafPaths(obj({ x: 1, m: { y: 'z' } }));
    expect(toFieldsV1(paths)).toEqual({ 'f:metadata': { 'f:labels': { 'f:a': {} } }, 'f:spec': { 'f:x': {}, 'f:m': { 'f:y': {} } } });
    expect(fromFieldsV1(toFieldsV1(paths))).toEqual(paths);
  });

  it('finds changed paths', () => {
    expect([...changedPaths(obj({ x: 1, y: 2 }), obj({ x: 1, y: 3, z: 4 }))].sort()).toEqual(['["spec","y"]', '["spec","z"]']);
  });

  it('moves ownership of updated fields away from other managers', () => {
    const first = updateManagedFields(undefined, {
      key: { manager: 'a', operation: 'Apply' },
      apiVersion: 'v1',
      time: 't',
      paths: new Set(['["spec","x"]', '["spec","y"]']),
      replace: true,
      takenFromOthers: new Set(),
    });
    const second = updateManagedFields(first, {
      key: { manager: 'b', operation: 'Update' },
      apiVersion: 'v1',
      time: 't',
      paths: new Set(['["spec","x"]']),
      replace: false,
      takenFromOthers: new Set(['["spec","x"]']),
    });
    expect(second.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['a', { 'f:spec': { 'f:y': {} } }],
      ['b', { 'f:spec': { 'f:x': {} } }],
    ]);
  });
});

describe('applyConfiguration', () => {
  const key = { manager: 'me', operation: 'Apply' as const };
  it('removes fields the manager stopped applying', () => {
    const live = obj({ x: 1, y: 2 }, [{ manager: 'me', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:x': {}, 'f:y': {} } } }]);
    const result = applyConfiguration(live, { spec: { x: 5 } }, key, false, 'v1');
    expect(result.object.spec).toEqual({ x: 5 });
  });

  it('keeps fields another manager owns', () => {
    const live = obj({ x: 1, y: 2 }, [
      { manager: 'me', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:x': {}, 'f:y': {} } } },
      { manager: 'other', operation: 'Update', fieldsV1: { 'f:spec': { 'f:y': {} } } },
    ]);
    expect(applyConfiguration(live, { spec: { x: 1 } }, key, false, 'v1').object.spec).toEqual({ x: 1, y: 2 });
  });

  it('conflicts on a different value owned by another manager unless forced', () => {
    const live = obj({ y: 2 }, [{ manager: 'other', operation: 'Update', apiVersion: 'v1', fieldsV1: { 'f:spec': { 'f:y': {} } } }]);
    expect(() => applyConfiguration(live, { spec: { y: 3 } }, key, false, 'v1')).toThrow(/Apply failed with 1 conflict: conflict with "other" using v1: .spec.y/);
    const forced = applyConfiguration(live, { spec: { y: 3 } }, key, true, 'v1');
    expect(forced.object.spec).toEqual({ y: 3 });
    expect([...forced.taken]).toEqual(['["spec","y"]']);
  });

  it.each([
    [{ a: 1 }, { a: 1, b: 2 }, true],
    [[{ name: 'x' }], [{ name: 'x', kind: 'K' }], true],
    [[{ name: 'x' }], [{ name: 'y' }], false],
    [[1], [1, 2], false],
    ['a', 'a', true],
  ])('isSubset(%j, %j) = %s', (want, have, expected) => {
    expect(isSubset(want, have)).toBe(expected);
  });
});
