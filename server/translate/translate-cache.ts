import { createSnapshotHashCache, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import type { K8sObject } from '@/lib/k8s/object';
import type { TranslatedListener } from '@/server/translate/translate-listener';
import type { TranslatedRule } from '@/server/translate/translate-rule';

/**
 * Memory between successive translations (the controller keeps one for its lifetime), so that
 * one changed route costs one rule, one listener and a few hashes, not the whole snapshot.
 * Parts are reused only when everything they were made from is the same: the same stored
 * objects by identity (informer caches keep unchanged objects) and the same graph verdicts.
 * Reused parts are the same objects as before, which is what the identity-keyed hash cache and
 * the proxy's compile cache key on. The output is equal to an uncached translation.
 */
export interface TranslateCache {
  hashCache: SnapshotHashCache;
  /** Per route object, per rule index: what the rule was made from, and the result. */
  rules: WeakMap<K8sObject, Map<number, Memo<TranslatedRule | undefined>>>;
  /** Per IR listener name. */
  listeners: Map<string, Memo<TranslatedListener | undefined>>;
  /** A list reused to collect a rule's inputs before comparing them with the memo (no allocation per unchanged rule). */
  scratch: unknown[];
}

export interface Memo<T> {
  deps: readonly unknown[];
  value: T;
}

export function createTranslateCache(): TranslateCache {
  return { hashCache: createSnapshotHashCache(), rules: new WeakMap(), listeners: new Map(), scratch: [] };
}

/** Element-wise identity: values compare by `===`, objects by reference. */
export function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
