import { randomInt, randomUUID } from 'node:crypto';
import { apiVersionOf, storageVersion, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject, ObjectMeta } from '@/lib/k8s/object';
import { alreadyExists, ApiError, conflict, forbidden, invalid, notFound } from '@/lib/k8s/status-error';
import { defaultStatus } from '@/lib/validation/default-status';
import { objectStoreKey, type StoreTxn } from '@/server/store/types';
import { admit } from './admission';
import { deepEqual } from './deep-equal';
import { changedPaths, leafPaths, objectWithoutManagedFields, updateManagedFields } from './managed-fields';
import type { ApplyOwnership, WriteContext } from './write-context';

/**
 * Kubernetes object semantics for one write inside a store transaction: identity and
 * metadata ownership (A-01..A-09), optimistic concurrency (A-10..A-13), generation,
 * status separation, finalizers and deletion, namespace
 * lifecycle. Callers run these inside `store.transact`.
 */
export interface WriteOutcome {
  object: K8sObject;
  created: boolean;
  /** The object is gone (its last state is `object`). */
  deleted: boolean;
  /** The object before this write, when the write changed an existing object (observers such as the audit history diff against it). */
  previous?: K8sObject;
}

const NAMESPACES = { group: '', plural: 'namespaces' };
const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const GENERATE_ATTEMPTS = 8;

function isNamespaceType(type: ResourceType): boolean {
  return type.group === '' && type.plural === 'namespaces';
}

function keyOf(type: ResourceType, meta: ObjectMeta): string {
  return objectStoreKey(type.group, type.plural, type.namespaced ? meta.namespace : undefined, meta.name ?? '');
}

function storageApiVersion(type: ResourceType): string {
  return apiVersionOf(type.group, storageVersion(type));
}

/** Refuses writes into a missing (404) or terminating (403) namespace. */
export function ensureNamespaceWritable(txn: StoreTxn, type: ResourceType, namespace: string | undefined): void {
  if (!type.namespaced || namespace === undefined) return;
  const ns = txn.get(objectStoreKey('', 'namespaces', undefined, namespace));
  if (!ns) throw notFound(NAMESPACES.group, NAMESPACES.plural, namespace);
  if (ns.value.metadata.deletionTimestamp) {
    throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += GENERATE_ALPHABET[randomInt(GENERATE_ALPHABET.length)];
  return prefix + suffix;
}

export function createInTxn(txn: StoreTxn, ctx: WriteContext, candidate: K8sObject, apply?: ApplyOwnership): WriteOutcome {
  const { type } = ctx;
  if (candidate.metadata.resourceVersion) {
    throw new ApiError('BadRequest', 'resourceVersion should not be set on objects to be created');
  }
  ensureNamespaceWritable(txn, type, candidate.metadata.namespace);
  const metadata: ObjectMeta = { ...candidate.metadata };
  if (!metadata.name && metadata.generateName) {
    // retry on collisions instead of surfacing 409 for a name the client never chose.
    for (let i = 0; i < GENERATE_ATTEMPTS; i++) {
      metadata.name = generateName(metadata.generateName);
      if (!txn.get(keyOf(type, metadata))) break;
      if (i === GENERATE_ATTEMPTS - 1) {
        throw new ApiError('ServerTimeout', `could not generate a unique name with prefix "${metadata.generateName}"; retry`, {
          retryAfterSeconds: 1,
        });
      }
    }
  }
  const admitted = admit(type, { ...candidate, apiVersion: storageApiVersion(type), metadata }, 'object', ctx);
  const meta: ObjectMeta = { ...admitted.metadata };
  meta.uid = randomUUID();
  meta.creationTimestamp = ctx.now;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (type.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  const obj: K8sObject = { ...admitted, metadata: meta };
  if (type.hasStatus) {
    const status = defaultStatus(type);
    if (status === undefined) delete obj.status;
    else obj.status = status;
  }
  if (isNamespaceType(type)) {
    obj.spec = { ...(obj.spec as object | undefined), finalizers: ['kubernetes'] };
    obj.status = { ...(obj.status as object | undefined), phase: 'Active' };
  }
  meta.managedFields = updateManagedFields(undefined, {
    key: apply?.key ?? { manager: ctx.fieldManager, operation: 'Update' },
    apiVersion: ctx.apiVersion,
    time: ctx.now,
    paths: apply?.applied ?? leafPaths(obj),
    replace: true,
    takenFromOthers: new Set(),
  });
  const key = keyOf(type, meta);
  if (txn.get(key)) throw alreadyExists(type.group, type.plural, meta.name ?? '');
  if (ctx.dryRun) return { object: obj, created: true, deleted: false };
  return { object: txn.put(key, obj).value, created: true, deleted: false };
}

export interface UpdateRequest {
  subresource?: string;
  /** PUT without resourceVersion on a custom kind is refused; patches are unconditional. */
  requireResourceVersion: boolean;
  apply?: ApplyOwnership;
}

function immutable(ctx: WriteContext, name: string, field: string, value: unknown): ApiError {
  return invalid(ctx.type.group, ctx.type.kind, name, [
    { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: field is immutable` },
  ]);
}

export function updateInTxn(txn: StoreTxn, ctx: WriteContext, current: K8sObject, candidate: K8sObject, req: UpdateRequest): WriteOutcome {
  const { type } = ctx;
  const name = current.metadata.name ?? '';
  const rv = candidate.metadata.resourceVersion;
  if (!rv) {
    if (req.requireResourceVersion && type.custom) {
      throw invalid(type.group, type.kind, name, [
        { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
      ]);
    }
  } else if (rv !== current.metadata.resourceVersion) {
    throw conflict(type.group, type.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }

  const old = current.metadata;
  const cm = candidate.metadata;
  for (const field of ['uid', 'creationTimestamp'] as const) {
    if (cm[field] !== undefined && cm[field] !== '' && cm[field] !== old[field]) throw immutable(ctx, name, `metadata.${field}`, cm[field]);
  }
  if (old.deletionTimestamp && cm.deletionTimestamp !== undefined && cm.deletionTimestamp !== old.deletionTimestamp) {
    throw immutable(ctx, name, 'metadata.deletionTimestamp', cm.deletionTimestamp);
  }

  let merged: K8sObject;
  const status = req.subresource === 'status';
  if (status) {
    merged = { ...current, status: candidate.status };
  } else {
    merged = { ...candidate, metadata: { ...cm } };
    if (type.hasStatus) {
      if (current.status === undefined) delete merged.status;
      else merged.status = current.status;
    }
  }
  merged.apiVersion = storageApiVersion(type);
  const admitted = admit(type, merged, status ? 'status' : 'object', ctx, current);
  const next: K8sObject = status ? { ...current, status: admitted.status } : admitted;
  if (status && admitted.status === undefined) delete next.status;
  const meta: ObjectMeta = { ...next.metadata };
  meta.uid = old.uid;
  meta.creationTimestamp = old.creationTimestamp;
  meta.name = old.name;
  if (type.namespaced) meta.namespace = old.namespace;
  if (old.deletionTimestamp) {
    meta.deletionTimestamp = old.deletionTimestamp;
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length > 0) {
      throw invalid(type.group, type.kind, name, [
        { reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' },
      ]);
    }
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  if (type.tracksGeneration) {
    const bump = !deepEqual((current as { spec?: unknown }).spec, next.spec);
    meta.generation = (old.generation ?? 1) + (bump ? 1 : 0);
  } else if (old.generation !== undefined) meta.generation = old.generation;
  else delete meta.generation;
  meta.resourceVersion = old.resourceVersion;
  meta.managedFields = old.managedFields;
  if (isNamespaceType(type) && old.deletionTimestamp) {
    // The namespace lifecycle owns phase while terminating.
    next.status = { ...(next.status as object | undefined), phase: 'Terminating' };
  }
  const result: K8sObject = { ...next, metadata: meta };

  const changed = changedPaths(objectWithoutManagedFields(current), objectWithoutManagedFields(result));
  if (changed.size === 0 && !req.apply) return { object: current, created: false, deleted: false };
  const ownership = req.apply
    ? { key: req.apply.key, paths: req.apply.applied, replace: true, takenFromOthers: req.apply.taken }
    : {
        key: { manager: ctx.fieldManager, operation: 'Update' as const, ...(req.subresource ? { subresource: req.subresource } : {}) },
        paths: changed,
        replace: false,
        takenFromOthers: changed,
      };
  meta.managedFields = updateManagedFields(old.managedFields, { ...ownership, apiVersion: ctx.apiVersion, time: ctx.now });
  if (changed.size === 0 && deepEqual(meta.managedFields, old.managedFields)) {
    return { object: current, created: false, deleted: false };
  }
  const key = keyOf(type, meta);
  if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && !namespaceHoldsFinalizer(type, result)) {
    if (ctx.dryRun) return { object: result, created: false, deleted: true, previous: current };
    return { object: txn.delete(key) ?? result, created: false, deleted: true, previous: current };
  }
  if (ctx.dryRun) return { object: result, created: false, deleted: false, previous: current };
  return { object: txn.put(key, result).value, created: false, deleted: false, previous: current };
}

function namespaceHoldsFinalizer(type: ResourceType, obj: K8sObject): boolean {
  if (!isNamespaceType(type)) return false;
  const finalizers = (obj.spec as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(finalizers) && finalizers.length > 0;
}

export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

/** objects with finalizers (and namespaces) are marked for deletion; others vanish now. */
export function deleteInTxn(txn: StoreTxn, ctx: WriteContext, key: string, name: string, pre: DeletePreconditions): WriteOutcome {
  const { type } = ctx;
  const entry = txn.get(key);
  if (!entry) throw notFound(type.group, type.plural, name);
  const current = entry.value;
  if (pre.uid !== undefined && pre.uid !== current.metadata.uid) {
    throw conflict(type.group, type.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      type.group,
      type.plural,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
    );
  }
  // Namespaces always terminate through the namespace lifecycle, which empties them first,
  // even one written without the `kubernetes` finalizer (e.g. seeded straight into the store).
  const hasFinalizers = (current.metadata.finalizers ?? []).length > 0 || isNamespaceType(type);
  if (!hasFinalizers) {
    if (ctx.dryRun) return { object: current, created: false, deleted: true, previous: current };
    return { object: txn.delete(key) ?? current, created: false, deleted: true, previous: current };
  }
  if (current.metadata.deletionTimestamp) return { object: current, created: false, deleted: false };
  const marked: K8sObject = {
    ...current,
    metadata: { ...current.metadata, deletionTimestamp: ctx.now, deletionGracePeriodSeconds: 0 },
  };
  if (isNamespaceType(type)) {
    marked.spec = { ...(current.spec as object | undefined), finalizers: ['kubernetes'] };
    marked.status = { ...(current.status as object | undefined), phase: 'Terminating' };
  }
  if (ctx.dryRun) return { object: marked, created: false, deleted: false, previous: current };
  return { object: txn.put(key, marked).value, created: false, deleted: false, previous: current };
}
