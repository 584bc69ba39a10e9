import { describe, expect, it } from 'vitest';
import type { ObservedCondition } from '@/lib/gateway-api/conditions/desired-condition';
import type { Condition } from '@/lib/gateway-api/shared/conditions';
import { isStatusStale, mergeConditions } from '@/server/status/merge-conditions';

const T0 = '2026-01-01T00:00:00Z';
const NOW = '2026-06-01T12:00:00Z';

const stored = (type: string, status: Condition['status'], reason: string, observedGeneration = 1): Condition => ({
  type,
  status,
  reason,
  message: 'old',
  observedGeneration,
  lastTransitionTime: T0,
});
const desired = (type: string, status: Condition['status'], reason: string, observedGeneration = 2): ObservedCondition => ({
  type,
  status,
  reason,
  message: 'new',
  observedGeneration,
});

describe('mergeConditions', () => {
  it('keeps lastTransitionTime when the status does not change, even if reason and message do', () => {
    const [c] = mergeConditions([stored('Accepted', 'True', 'Accepted')], [desired('Accepted', 'True', 'ListenersNotValid')], NOW);
    expect(c).toEqual({ type: 'Accepted', status: 'True', observedGeneration: 2, lastTransitionTime: T0, reason: 'ListenersNotValid', message: 'new' });
  });

  it('sets lastTransitionTime to now when the status changes', () => {
    const [c] = mergeConditions([stored('Programmed', 'Unknown', 'Pending')], [desired('Programmed', 'True', 'Programmed')], NOW);
    expect(c?.lastTransitionTime).toBe(NOW);
  });

  it('stamps new conditions with now and appends them in desired order', () => {
    const merged = mergeConditions([stored('Accepted', 'True', 'Accepted')], [desired('ResolvedRefs', 'True', 'ResolvedRefs'), desired('Accepted', 'True', 'Accepted')], NOW);
    expect(merged.map((c) => [c.type, c.lastTransitionTime])).toEqual([
      ['Accepted', T0],
      ['ResolvedRefs', NOW],
    ]);
  });

  it("never removes, edits or reorders another controller's conditions", () => {
    const foreign = { ...stored('vendor.io/Foo', 'True', 'Bar', 9), message: 'theirs' };
    const merged = mergeConditions([stored('Accepted', 'False', 'Pending'), foreign, stored('Programmed', 'True', 'Programmed')], [desired('Accepted', 'True', 'Accepted'), desired('Programmed', 'True', 'Programmed')], NOW);
    expect(merged.map((c) => c.type)).toEqual(['Accepted', 'vendor.io/Foo', 'Programmed']);
    expect(merged[1]).toBe(foreign);
  });

  it('removes our condition types that are no longer desired (PartiallyInvalid only while true)', () => {
    const merged = mergeConditions([stored('Accepted', 'True', 'Accepted'), stored('PartiallyInvalid', 'True', 'UnsupportedValue')], [desired('Accepted', 'True', 'Accepted')], NOW);
    expect(merged.map((c) => c.type)).toEqual(['Accepted']);
  });

  it('keeps a stored condition computed from a newer generation (our cache is stale)', () => {
    const newer = stored('Accepted', 'False', 'Invalid', 5);
    expect(mergeConditions([newer], [desired('Accepted', 'True', 'Accepted', 4)], NOW)).toEqual([newer]);
    expect(isStatusStale([newer], 4)).toBe(true);
    expect(isStatusStale([newer], 5)).toBe(false);
    expect(isStatusStale([stored('vendor.io/Foo', 'True', 'X', 99)], 1)).toBe(false);
  });

  it('collapses duplicate entries of one of our types', () => {
    const merged = mergeConditions([stored('Accepted', 'True', 'A'), stored('Accepted', 'False', 'B')], [desired('Accepted', 'True', 'Accepted')], NOW);
    expect(merged).toHaveLength(1);
  });

  it('is idempotent: merging the result again changes nothing', () => {
    const want = [desired('Accepted', 'True', 'Accepted'), desired('Programmed', 'Unknown', 'Pending')];
    const once = mergeConditions(undefined, want, NOW);
    expect(mergeConditions(once, want, '2030-01-01T00:00:00Z')).toEqual(once);
  });

  it('does not modify its input', () => {
    const existing = [stored('Accepted', 'False', 'Pending')];
    const copy = structuredClone(existing);
    mergeConditions(existing, [desired('Accepted', 'True', 'Accepted')], NOW);
    expect(existing).toEqual(copy);
  });
});
