import { createSnapshotHashCache, type SnapshotHashCache } from '@/lib/ir/compute-snapshot-version';
import type { K8sObject } from '@/lib/k8s/object';
import type { ListenerNode, RouteNode, RouteRuleNode } from '@/server/graph/graph-types';
import type { ListenerAttachment, ListenerTranslation } from '@/server/translate/translate-listener';
import type { TranslatedRule } from '@/server/translate/translate-rule';

/**
 * Memory between successive translations (the controller keeps one for its lifetime), so that
 * one changed route costs one rule, one listener and a few hashes, not the whole snapshot.
 * Parts are reused only when everything they were made from is the same: the same stored
 * objects by identity (informer caches keep unchanged objects) and the same graph verdicts.
 * Reused parts are the same objects as before, which is what the identity-keyed hash cache and
 * the proxy's compile cache key on. The output is equal to an uncached translation.
 *
 * The graph cache keeps unchanged route nodes, rule nodes, listener nodes and lookup maps
 * identical between builds; the checks here use that identity first (a pointer compare per
 * part) and fall back to comparing what a part was made from when identity does not hold.
 */
export interface TranslateCache {
  hashCache: SnapshotHashCache;
  /** Per route object, per rule index: what the rule was made from, and the result. */
  rules: WeakMap<K8sObject, Map<number, RuleMemo>>;
  /** Per IR listener name. */
  listeners: Map<string, ListenerMemo>;
  /** Per route node: the listeners (`namespace/gateway/listener`) it is attached to, with its attachment there. */
  attachments: WeakMap<RouteNode, readonly RouteAttachment[]>;
  /** The last routes grouped by listener, and the groups: patched when few routes were replaced. Lists are never changed once made. */
  lastGroups?: { routes: readonly RouteNode[]; groups: Map<string, ListenerAttachment[]> };
  /** A list reused to collect a rule's inputs before comparing them with the memo (no allocation per unchanged rule). */
  scratch: unknown[];
}

export interface Memo<T> {
  deps: readonly unknown[];
  value: T;
}

export interface RuleMemo extends Memo<TranslatedRule | undefined> {
  /** The rule node last checked against `deps`, and what its Services resolved to then (flat: key, Service, slices). */
  node: RouteRuleNode;
  targets: readonly unknown[];
}

export interface ListenerMemo {
  /** The inputs of the last translation, compared by identity before anything else is looked at. */
  gatewayKey: string;
  bindAddresses: readonly string[];
  listener: ListenerNode;
  attachments: readonly ListenerAttachment[];
  services: unknown;
  endpointSlices: unknown;
  result: ListenerTranslation;
}

export interface RouteAttachment {
  listenerKey: string;
  attachment: ListenerAttachment;
}

/** `hashCache`: pass the snapshot publisher's, so the deltas it makes reuse the hashes translation made. */
export function createTranslateCache(hashCache: SnapshotHashCache = createSnapshotHashCache()): TranslateCache {
  return { hashCache, rules: new WeakMap(), listeners: new Map(), attachments: new WeakMap(), scratch: [] };
}

/** Element-wise identity: values compare by `===`, objects by reference. */
export function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
