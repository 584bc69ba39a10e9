import type { RouteNode } from '@/server/graph/graph-types';
import { compareStrings } from '@/server/graph/sort-keys';

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

/** What a few route nodes changed between two graphs: replaced in place, removed and added (each in graph order). */
export interface RouteChanges {
  replaced: [RouteNode, RouteNode][];
  removed: RouteNode[];
  added: RouteNode[];
}

/**
 * The order of Graph.routes: HTTPRoutes then GRPCRoutes, each by namespace then name (code
 * units). Two routes of one kind and key compare equal.
 */
export function compareRouteOrder(a: RouteNode, b: RouteNode): number {
  if (a.kind !== b.kind) return a.kind === 'HTTPRoute' ? -1 : 1;
  return compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);
}

/**
 * replacedRoutes, also allowing routes added and removed: `previous` and `next` are both in
 * graph order, so one merge walk (pointer compares where they agree) finds every difference.
 * Undefined when more than MAX_REPLACED differ, or a differing route's key appears twice (a
 * malformed world a stage had better recompute from scratch).
 */
export function routeChanges(previous: readonly RouteNode[], next: readonly RouteNode[]): RouteChanges | undefined {
  const changes: RouteChanges = { replaced: [], removed: [], added: [] };
  let count = 0;
  let i = 0;
  let j = 0;
  const duplicated = (list: readonly RouteNode[], at: number) =>
    (at > 0 && compareRouteOrder(list[at - 1]!, list[at]!) === 0) || (at + 1 < list.length && compareRouteOrder(list[at]!, list[at + 1]!) === 0);
  while (i < previous.length || j < next.length) {
    const before = previous[i];
    const after = next[j];
    if (before !== undefined && before === after) {
      i++;
      j++;
      continue;
    }
    if (count === MAX_REPLACED) return undefined;
    count++;
    const order = before === undefined ? 1 : after === undefined ? -1 : compareRouteOrder(before, after);
    if (order <= 0 && duplicated(previous, i)) return undefined;
    if (order >= 0 && duplicated(next, j)) return undefined;
    if (order === 0) {
      changes.replaced.push([before!, after!]);
      i++;
      j++;
    } else if (order < 0) {
      changes.removed.push(before!);
      i++;
    } else {
      changes.added.push(after!);
      j++;
    }
  }
  return changes;
}
