import type { K8sObject } from '@/lib/k8s/object';
import { ChangeRecord } from '@/server/store/change-record';
import { keyRangeOf } from '@/server/store/key-range';
import { currentRowToEntry, type StoreStatements } from '@/server/store/store-statements';
import type { ListResult, Revision, StoredEntry } from '@/server/store/types';

/** SQLite's "no limit". */
const NO_LIMIT = -1;

export interface RangeQuery {
  prefix: string;
  startAfter?: string;
  limit?: number;
}

/**
 * Lists keys under a prefix. At the current revision, or at an older one where nothing in the
 * range changed since, the denormalised `current` table answers; otherwise the history is
 * folded to the newest row of each key at or below the revision.
 */
export function readList(
  statements: StoreStatements,
  query: RangeQuery,
  revision: Revision,
  currentRevision: Revision,
): ListResult {
  const { lower, upper } = keyRangeOf(query.prefix);
  const after = query.startAfter ?? '';
  const limit = query.limit !== undefined && query.limit > 0 ? query.limit : undefined;
  // One row beyond the limit tells whether the list was cut off.
  const sqlLimit = limit === undefined ? NO_LIMIT : limit + 1;

  let entries: StoredEntry[];
  if (revision >= currentRevision || !statements.changedSince.get(revision, lower, upper)?.changed) {
    entries = statements.listCurrent.all(lower, upper, after, sqlLimit).map(currentRowToEntry);
  } else {
    entries = statements.listAtRevision.all(lower, upper, after, revision, sqlLimit).map((row) => ({
      key: row.key,
      value: JSON.parse(row.value) as K8sObject,
      createRevision: row.create_revision,
      modRevision: row.revision,
    }));
  }

  const more = limit !== undefined && entries.length > limit;
  if (more) entries.length = limit;
  return { entries, revision, more };
}

/** The changes under a prefix with revisions in (from, to], oldest first. */
export function readChanges(statements: StoreStatements, prefix: string, from: Revision, to: Revision): ChangeRecord[] {
  if (to <= from) return [];
  const { lower, upper } = keyRangeOf(prefix);
  return statements.eventsBetween
    .all(from, to, lower, upper)
    .map((row) => new ChangeRecord(row.deleted ? 'delete' : 'put', row.key, row.revision, row.value, row.prev_value));
}
