import type { K8sObject, ManagedFieldsEntry } from '@/lib/k8s/object';
import { deepEqual } from './deep-equal';
import { isPlainObject } from './patch/merge-patch';

/**
 * Field ownership (metadata.managedFields) in the FieldsV1 format, simplified: maps are
 * tracked key by key, and every list is one atomic field (Kubernetes tracks associative lists
 * element by element). A path is a JSON array of keys, joined into a string for set membership.
 */
export type FieldPath = string[];

/** Metadata kept by the server, never owned by a manager. */
const SERVER_FIELDS = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'generateName',
  'selfLink',
]);

const encode = (p: FieldPath): string => JSON.stringify(p);
const decode = (s: string): FieldPath => JSON.parse(s) as FieldPath;

/** Leaf field paths set in `obj` (maps recurse, lists and scalars are leaves). */
export function leafPaths(obj: unknown, prefix: FieldPath = [], out: Set<string> = new Set()): Set<string> {
  if (!isPlainObject(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (prefix.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
    if (prefix.length === 1 && prefix[0] === 'metadata' && SERVER_FIELDS.has(k)) continue;
    const p = [...prefix, k];
    // Empty maps own nothing (an applied `metadata: {}` must not claim all of metadata).
    if (isPlainObject(v)) leafPaths(v, p, out);
    else out.add(encode(p));
  }
  return out;
}

/** Leaf paths whose value differs between `before` and `after` (added, changed or removed). */
export function changedPaths(before: unknown, after: unknown): Set<string> {
  const a = leafPaths(before);
  const b = leafPaths(after);
  const out = new Set<string>();
  for (const p of new Set([...a, ...b])) {
    if (!deepEqual(valueAt(before, decode(p)), valueAt(after, decode(p)))) out.add(p);
  }
  return out;
}

export function valueAt(obj: unknown, path: FieldPath): unknown {
  let node = obj;
  for (const k of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[k];
  }
  return node;
}

/** Removes the field at `path` from `obj` (mutates), pruning maps it leaves empty. */
export function removeAt(obj: Record<string, unknown>, path: FieldPath): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    delete obj[head];
    return;
  }
  const child = obj[head];
  if (!isPlainObject(child)) return;
  removeAt(child, rest);
  if (Object.keys(child).length === 0) delete obj[head];
}

export function toFieldsV1(paths: Iterable<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let node = root;
    for (const k of decode(p)) {
      const key = `f:${k}`;
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return root;
}

export function fromFieldsV1(fields: unknown, prefix: FieldPath = [], out: Set<string> = new Set()): Set<string> {
  if (!isPlainObject(fields)) return out;
  for (const [k, v] of Object.entries(fields)) {
    if (k === '.') continue;
    const name = k.startsWith('f:') ? k.slice(2) : k;
    const p = [...prefix, name];
    if (isPlainObject(v) && Object.keys(v).filter((x) => x !== '.').length > 0) fromFieldsV1(v, p, out);
    else out.add(encode(p));
  }
  return out;
}

export interface ManagerKey {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
}

const sameKey = (e: ManagedFieldsEntry, k: ManagerKey): boolean =>
  e.manager === k.manager && e.operation === k.operation && (e.subresource ?? '') === (k.subresource ?? '');

export interface OwnershipChange {
  key: ManagerKey;
  apiVersion: string;
  time: string;
  /** Paths the manager now owns in addition (Update) or exactly (Apply: `replace`). */
  paths: Set<string>;
  replace: boolean;
  /** Paths taken away from every other manager. */
  takenFromOthers: Set<string>;
}

/** Applies an ownership change to a managedFields list, returning the new list (empty entries dropped). */
export function updateManagedFields(entries: ManagedFieldsEntry[] | undefined, change: OwnershipChange): ManagedFieldsEntry[] {
  const out: ManagedFieldsEntry[] = [];
  let mine: Set<string> = new Set();
  for (const e of entries ?? []) {
    const paths = fromFieldsV1(e.fieldsV1);
    if (sameKey(e, change.key)) {
      mine = change.replace ? new Set() : paths;
      continue;
    }
    for (const p of change.takenFromOthers) paths.delete(p);
    if (paths.size > 0) out.push({ ...e, fieldsV1: toFieldsV1(paths) });
  }
  for (const p of change.paths) mine.add(p);
  if (mine.size > 0) {
    out.push({
      manager: change.key.manager,
      operation: change.key.operation,
      apiVersion: change.apiVersion,
      time: change.time,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1([...mine].sort()),
      ...(change.key.subresource ? { subresource: change.key.subresource } : {}),
    });
  }
  return out;
}

/** The paths each other manager owns, for conflict detection. */
export function ownersOf(entries: ManagedFieldsEntry[] | undefined, except: ManagerKey): { entry: ManagedFieldsEntry; paths: Set<string> }[] {
  return (entries ?? []).filter((e) => !sameKey(e, except)).map((entry) => ({ entry, paths: fromFieldsV1(entry.fieldsV1) }));
}

export function pathsOf(entries: ManagedFieldsEntry[] | undefined, key: ManagerKey): Set<string> {
  const e = (entries ?? []).find((x) => sameKey(x, key));
  return e ? fromFieldsV1(e.fieldsV1) : new Set();
}

export function decodePath(p: string): FieldPath {
  return decode(p);
}

/** Field manager for requests that name none: the User-Agent's program name, as kube-apiserver does. */
export function defaultFieldManager(userAgent: string | undefined): string {
  const name = (userAgent ?? '').split('/')[0]?.trim() ?? '';
  return name.slice(0, 128) || 'unknown';
}

export function objectWithoutManagedFields(obj: K8sObject): K8sObject {
  if (!obj.metadata.managedFields) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
