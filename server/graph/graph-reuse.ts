import type { RouteNode } from '@/server/graph/graph-types';

/**
 * Identity helpers for reusing parts of an earlier graph (GraphCache). Reuse is decided by
 * identity of stored objects (informers hand over the same object until it changes) and by
 * structural equality of the small derived values (Gateways, listeners, grant entries), never by
 * anything weaker: a reused part must be exactly what a fresh build would make.
 */

/** Same length and the same elements in the same order, compared by `===`. O(n) pointer compares. */
export function sameElements<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A stored Kubernetes object (has apiVersion and metadata): compared by identity, never walked. */
function isStoredObject(value: object): boolean {
  return 'apiVersion' in value && 'metadata' in value;
}

/**
 * Deep equality of plain data (arrays, records, primitives), where stored objects count as
 * equal only when they are the same object: a node that points at a newer copy of a Secret or
 * Gateway is a different node even if the copies read the same.
 */
export function sameStructure(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isStoredObject(a) || isStoredObject(b)) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameStructure(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(rb, k) || !sameStructure(ra[k], rb[k])) return false;
  }
  return true;
}

/** More replaced routes than this and a stage recomputes from scratch (cheaper than patching). */
const MAX_REPLACED = 64;

/**
 * When `next` differs from `previous` only by route nodes replaced in place (same length, and
 * each differing position holds a node of the same kind and key: routes edited, none added,
 * removed or moved), the replaced pairs [before, after]; otherwise undefined. Lets a stage
 * patch what it derived from the last graph's routes instead of walking all of them again.
 */
export function replacedRoutes(previous: readonly RouteNode[], next: readonly RouteNode[]): [RouteNode, RouteNode][] | undefined {
  if (previous.length !== next.length) return undefined;
  const pairs: [RouteNode, RouteNode][] = [];
  for (let i = 0; i < next.length; i++) {
    const before = previous[i]!;
    const after = next[i]!;
    if (before === after) continue;
    if (before.key !== after.key || before.kind !== after.kind || pairs.length === MAX_REPLACED) return undefined;
    pairs.push([before, after]);
  }
  return pairs;
}
