import { ApiError } from '@/lib/k8s/status-error';
import { deepEqual } from '../deep-equal';
import { isPlainObject } from './merge-patch';

/**
 * Strategic merge patch for built-in kinds (custom kinds answer 415, A-13). Like a JSON merge
 * patch, except that lists declared mergeable below are merged element-wise by their merge key
 * (or as sets for lists of scalars), and the `$patch`, `$retainKeys`, `$deleteFromPrimitiveList`
 * and `$setElementOrder` directives are honoured. Lists not in the table are atomic (replaced),
 * as they are in the Kubernetes types for the fields our built-in kinds have.
 */
interface ListStrategy {
  /** Merge key for lists of objects; undefined for sets of scalars. */
  mergeKey?: string;
}

/** Paths with `[]` for "each element", relative to the object root; keyed by kind ('*' = every kind). */
const MERGE_LISTS: Record<string, Record<string, ListStrategy>> = {
  '*': {
    'metadata.finalizers': {},
    'metadata.ownerReferences': { mergeKey: 'uid' },
  },
  Service: {
    'spec.ports': { mergeKey: 'port' },
    'status.conditions': { mergeKey: 'type' },
  },
  Namespace: {
    'status.conditions': { mergeKey: 'type' },
  },
};

export function applyStrategicMergePatch(kind: string, original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw new ApiError('BadRequest', 'a strategic merge patch must be a JSON object');
  const lists = { ...MERGE_LISTS['*'], ...MERGE_LISTS[kind] };
  const result = mergeMap(isPlainObject(original) ? original : {}, patch, '', lists);
  return result ?? {};
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Returns the merged map, or undefined when the patch says `$patch: delete`. */
function mergeMap(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  path: string,
  lists: Record<string, ListStrategy>,
): Record<string, unknown> | undefined {
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return stripDirectives(rest) as Record<string, unknown>;
  }
  if (directive !== undefined) throw new ApiError('BadRequest', `unknown patch directive ${JSON.stringify(directive)} at ${path || '<root>'}`);

  const result: Record<string, unknown> = { ...original };
  const orders: [string, unknown[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        result[field] = current.filter((v) => !value.some((d) => deepEqual(d, v)));
      }
      continue;
    }
    const p = childPath(path, key);
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      const strategy = lists[p];
      const current = result[key];
      result[key] = strategy && Array.isArray(current) ? mergeList(current, value, p, strategy, lists) : stripDirectives(value);
    } else if (isPlainObject(value)) {
      const current = result[key];
      const merged = mergeMap(isPlainObject(current) ? current : {}, value, p, lists);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [field, order] of orders) {
    const current = result[field];
    const strategy = lists[childPath(path, field)];
    if (Array.isArray(current)) result[field] = reorder(current, order, strategy?.mergeKey);
  }
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  path: string,
  strategy: ListStrategy,
  lists: Record<string, ListStrategy>,
): unknown[] {
  if (patch.some((e) => isPlainObject(e) && e['$patch'] === 'replace')) {
    return stripDirectives(patch.filter((e) => !(isPlainObject(e) && e['$patch'] === 'replace'))) as unknown[];
  }
  const key = strategy.mergeKey;
  if (key === undefined) {
    const out = [...original];
    for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(v);
    return out;
  }
  const out = [...original];
  for (const element of patch) {
    if (!isPlainObject(element)) throw new ApiError('BadRequest', `${path}: list elements must be objects with merge key "${key}"`);
    const index = out.findIndex((o) => isPlainObject(o) && deepEqual(o[key], element[key]));
    if (element['$patch'] === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = mergeMap(out[index] as Record<string, unknown>, element, `${path}[]`, lists);
      if (merged === undefined) out.splice(index, 1);
      else out[index] = merged;
    } else {
      out.push(stripDirectives(element));
    }
  }
  return out;
}

/** Orders `list` as `order` says (elements not named keep their relative order at the end). */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (v: unknown): unknown => (mergeKey !== undefined && isPlainObject(v) ? v[mergeKey] : v);
  const orderKeys = order.map((o) => keyOf(o));
  const ranked = list.map((v, i) => {
    const r = orderKeys.findIndex((k) => deepEqual(k, keyOf(v)));
    return { v, rank: r < 0 ? orderKeys.length + i : r };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((x) => x.v);
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}
