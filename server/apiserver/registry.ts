import type { ResourceType } from '@/lib/k8s/kinds';
import type { K8sList, K8sObject } from '@/lib/k8s/object';
import { ApiError, notFound } from '@/lib/k8s/status-error';
import { objectStoreKey, resourcePrefix, type Store } from '@/server/store/types';
import { listObjects, type ListQuery } from './list-objects';
import { createInTxn, deleteInTxn, updateInTxn, type DeletePreconditions, type WriteOutcome } from './object-writes';
import { applyJsonPatch, parseJsonPatch } from './patch/json-patch';
import { applyMergePatch, isPlainObject } from './patch/merge-patch';
import { applyConfiguration } from './patch/server-side-apply';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch';
import type { ObjectPredicate } from './selectors';
import { checkBody, withApiVersion, type WriteContext } from './write-context';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** Maps a PATCH Content-Type to a patch type; strategic merge on a custom kind is 415. */
export function patchTypeFor(type: ResourceType, mediaType: string): PatchType {
  const patchType = PATCH_TYPES[mediaType];
  if (!patchType || mediaType.endsWith('+cbor') || (patchType === 'strategic' && type.custom)) {
    const accepted = Object.keys(PATCH_TYPES).filter((m) => !m.endsWith('cbor') && !(type.custom && PATCH_TYPES[m] === 'strategic'));
    throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
  return patchType;
}

/** Kubernetes object semantics over the store: every API verb on stored resources. */
export class Registry {
  constructor(
    private readonly store: Store,
    /** Called after a namespace was marked for deletion, so its contents get cleaned up. */
    private readonly onNamespaceTerminating: (name: string) => void,
  ) {}

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return objectStoreKey(type.group, type.plural, type.namespaced ? namespace : undefined, name);
  }

  get(type: ResourceType, namespace: string | undefined, name: string, apiVersion: string): K8sObject {
    const entry = this.store.get(this.key(type, namespace, name));
    if (!entry) throw notFound(type.group, type.plural, name);
    return withApiVersion(entry.value, apiVersion);
  }

  list(type: ResourceType, namespace: string | undefined, apiVersion: string, query: ListQuery): K8sList {
    return listObjects(this.store, type, namespace, apiVersion, query);
  }

  create(ctx: WriteContext, namespace: string | undefined, body: unknown): Promise<WriteOutcome> {
    const candidate = checkBody(ctx.type, body, namespace, undefined);
    return this.store.transact((txn) => createInTxn(txn, ctx, candidate));
  }

  update(ctx: WriteContext, namespace: string | undefined, name: string, subresource: string | undefined, body: unknown): Promise<WriteOutcome> {
    const candidate = checkBody(ctx.type, body, namespace, name);
    const key = this.key(ctx.type, namespace, name);
    return this.store.transact((txn) => {
      const current = txn.get(key);
      if (!current) throw notFound(ctx.type.group, ctx.type.plural, name);
      return updateInTxn(txn, ctx, current.value, candidate, { subresource, requireResourceVersion: true });
    });
  }

  patch(
    ctx: WriteContext,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    patchType: PatchType,
    body: unknown,
  ): Promise<WriteOutcome> {
    const { type } = ctx;
    const key = this.key(type, namespace, name);
    const ops = patchType === 'json' ? parseJsonPatch(body) : undefined;
    if (patchType !== 'json' && !isPlainObject(body)) throw new ApiError('BadRequest', 'the patch must be a JSON object');
    const patchObj = body as Record<string, unknown>;
    if (patchType === 'apply') {
      // The applied configuration must be a complete identity of the object it addresses.
      checkBody(type, { ...patchObj, kind: patchObj.kind ?? type.kind }, namespace, name);
      if (patchObj.kind === undefined || patchObj.apiVersion === undefined) {
        throw new ApiError('BadRequest', 'an applied configuration must set apiVersion and kind');
      }
    }
    return this.store.transact((txn) => {
      const entry = txn.get(key);
      if (!entry) {
        if (patchType !== 'apply' || subresource) throw notFound(type.group, type.plural, name);
        const candidate = checkBody(type, patchObj, namespace, name);
        const applyKey = { manager: ctx.fieldManager, operation: 'Apply' as const };
        const applied = applyConfiguration(emptyObject(candidate), patchObj, applyKey, ctx.force, ctx.apiVersion);
        return createInTxn(txn, ctx, candidate, { key: applyKey, applied: applied.applied, taken: applied.taken });
      }
      const live = withApiVersion(entry.value, ctx.apiVersion);
      let candidate: unknown;
      let apply;
      switch (patchType) {
        case 'merge':
          candidate = applyMergePatch(live, patchObj);
          break;
        case 'json':
          candidate = applyJsonPatch(live, ops ?? []);
          break;
        case 'strategic':
          candidate = applyStrategicMergePatch(type.kind, live, patchObj);
          break;
        case 'apply': {
          const applyKey = { manager: ctx.fieldManager, operation: 'Apply' as const, ...(subresource ? { subresource } : {}) };
          const result = applyConfiguration(live, { ...patchObj, metadata: withoutIdentity(patchObj.metadata) }, applyKey, ctx.force, ctx.apiVersion);
          candidate = result.object;
          apply = { key: applyKey, applied: result.applied, taken: result.taken };
          break;
        }
      }
      if (!isPlainObject(candidate)) throw new ApiError('BadRequest', 'the patched object is not a JSON object');
      const checked = checkBody(type, candidate, namespace, name);
      return updateInTxn(txn, ctx, entry.value, checked, { subresource, requireResourceVersion: false, apply });
    });
  }

  async delete(ctx: WriteContext, namespace: string | undefined, name: string, pre: DeletePreconditions): Promise<WriteOutcome> {
    const key = this.key(ctx.type, namespace, name);
    const outcome = await this.store.transact((txn) => deleteInTxn(txn, ctx, key, name, pre));
    if (isNamespace(ctx.type) && !outcome.deleted && !ctx.dryRun) this.onNamespaceTerminating(name);
    return outcome;
  }

  /** Deletes every matching object, in chunks; objects vanishing concurrently are skipped. */
  async deleteCollection(ctx: WriteContext, namespace: string | undefined, selector: ObjectPredicate | undefined): Promise<K8sObject[]> {
    const prefix = resourcePrefix(ctx.type.group, ctx.type.plural, ctx.type.namespaced ? namespace : undefined);
    const entries = this.store.list(prefix).entries.filter((e) => !selector || selector(e.value));
    const out: K8sObject[] = [];
    const CHUNK = 256;
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const done = await this.store.transact((txn) =>
        chunk.flatMap((e) => {
          if (!txn.get(e.key)) return [];
          return [deleteInTxn(txn, ctx, e.key, e.value.metadata.name ?? '', {})];
        }),
      );
      for (const o of done) {
        out.push(o.object);
        if (isNamespace(ctx.type) && !o.deleted && !ctx.dryRun) this.onNamespaceTerminating(o.object.metadata.name ?? '');
      }
    }
    return out;
  }
}

function isNamespace(type: ResourceType): boolean {
  return type.group === '' && type.plural === 'namespaces';
}

/** Identity metadata in an applied configuration is matched, not applied as owned fields. */
function withoutIdentity(metadata: unknown): Record<string, unknown> {
  if (!isPlainObject(metadata)) return {};
  const { name: _n, namespace: _ns, resourceVersion: _rv, uid: _u, ...rest } = metadata;
  return rest;
}

function emptyObject(candidate: K8sObject): K8sObject {
  return { apiVersion: candidate.apiVersion, kind: candidate.kind, metadata: {} };
}
