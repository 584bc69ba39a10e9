import type { K8sObject } from '@/lib/k8s/object';
import { ApiError, type StatusCause } from '@/lib/k8s/status-error';
import { deepEqual } from '../deep-equal';
import { decodePath, leafPaths, ownersOf, pathsOf, removeAt, valueAt, type ManagerKey } from '../managed-fields';
import { isPlainObject } from './merge-patch';

/**
 * Server-side apply (application/apply-patch+yaml), simplified: the applied configuration is
 * merged into the live object map by map (lists and scalars replace), fields the manager
 * applied last time and omits now are removed unless another manager also owns them, and a
 * field owned by another manager with a different value is a conflict (409) unless `force`.
 * Lists are atomic (see managed-fields.ts), so two managers cannot co-own elements of a list.
 */
export interface ApplyResult {
  object: K8sObject;
  /** The applier's complete field set after this apply. */
  applied: Set<string>;
  /** Fields forcibly taken from other managers. */
  taken: Set<string>;
}

export function applyConfiguration(
  live: K8sObject,
  config: Record<string, unknown>,
  key: ManagerKey,
  force: boolean,
  describeVersion: string,
): ApplyResult {
  const applied = leafPaths(config);
  const previous = pathsOf(live.metadata.managedFields, key);
  const others = ownersOf(live.metadata.managedFields, key);

  const conflicts: StatusCause[] = [];
  const taken = new Set<string>();
  for (const { entry, paths } of others) {
    for (const p of applied) {
      if (!paths.has(p)) continue;
      const path = decodePath(p);
      // Defaulting only adds fields, so a configured value contained in the live one is no change.
      if (isSubset(valueAt(config, path), valueAt(live, path))) continue;
      if (force) {
        taken.add(p);
        continue;
      }
      conflicts.push({
        reason: 'FieldManagerConflict',
        field: '.' + path.join('.'),
        message: `conflict with "${entry.manager ?? ''}"${entry.operation === 'Update' ? ' using ' + (entry.apiVersion ?? describeVersion) : ''}`,
      });
    }
  }
  if (conflicts.length > 0) {
    const lines = conflicts.map((c) => `- ${c.message}: ${c.field}`).join('\n');
    throw new ApiError(
      'Conflict',
      `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts.length === 1 ? `${conflicts[0]!.message}: ${conflicts[0]!.field}` : '\n' + lines}`,
      { causes: conflicts },
    );
  }

  const result = structuredClone(live) as Record<string, unknown>;
  const ownedByOthers = new Set(others.flatMap((o) => [...o.paths]));
  for (const p of previous) {
    if (!applied.has(p) && !ownedByOthers.has(p)) removeAt(result, decodePath(p));
  }
  mergeInto(result, config);
  return { object: result as K8sObject, applied, taken };
}

function mergeInto(target: Record<string, unknown>, config: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(config)) {
    const current = target[k];
    if (isPlainObject(v) && isPlainObject(current)) mergeInto(current, v);
    else target[k] = structuredClone(v);
  }
}

/** Whether `want` is `have` with some object fields left out (lists compared element-wise). */
export function isSubset(want: unknown, have: unknown): boolean {
  if (isPlainObject(want)) {
    if (!isPlainObject(have)) return false;
    return Object.entries(want).every(([k, v]) => isSubset(v, have[k]));
  }
  if (Array.isArray(want)) {
    return Array.isArray(have) && want.length === have.length && want.every((v, i) => isSubset(v, have[i]));
  }
  return deepEqual(want, have);
}
