import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type RoutingSnapshot, type RoutingSnapshotBody } from '@/lib/ir/snapshot';
import { CanonicalHasher, hashCanonical } from '@/lib/ir/version-hash';

/**
 * The snapshot's version: a content hash, built as a tree so that unchanged parts need not be
 * rehashed.
 *
 *   version      = H({schemaVersion, listeners: [[name, listenerHash]], certificates: [[id, H(cert)]]})
 *   listenerHash = H({header: listener minus rules/virtualHosts, rules: chunks([[id, H(rule)]]),
 *                     virtualHosts: chunks([[hostname, H({hostname, routes: [H(route)]})]])})
 *   chunks(pairs) = [H(chunk) for each run of pairs that ends after a pair whose H starts with `0`,
 *                   or at the end]
 *
 * H is FNV-1a 64 over canonical JSON (version-hash.ts). The chunk boundaries depend only on each
 * part's own content, so adding, changing or removing one rule among 10,000 changes one chunk
 * (about 16 rules) and the listener hash covers ~600 chunk hashes, not 10,000 pairs: a change
 * rehashes little on both ends of the protocol. Equal content gives an equal version in
 * every process. A `SnapshotHashCache` remembers part hashes by object identity: snapshots that
 * share unchanged rule / route / virtual-host / listener objects (a delta applied to the last
 * snapshot, or a translator that memoises per route) hash only what changed. Snapshot objects
 * are immutable once built, which is what makes identity a safe cache key.
 */
export type SnapshotHashCache = WeakMap<object, string>;

export function createSnapshotHashCache(): SnapshotHashCache {
  return new WeakMap();
}

export function computeSnapshotVersion(snapshot: RoutingSnapshotBody | RoutingSnapshot, cache?: SnapshotHashCache): string {
  return hashCanonical({
    schemaVersion: snapshot.schemaVersion,
    listeners: snapshot.listeners.map((l) => [l.name, listenerHash(l, cache)]),
    certificates: snapshot.certificates.map((c) => [c.id, partHash(c, cache)]),
  });
}

/** The body with its version stamped in. */
export function versionSnapshot(body: RoutingSnapshotBody, cache?: SnapshotHashCache): RoutingSnapshot {
  const { schemaVersion, listeners, certificates } = body;
  return { schemaVersion, version: computeSnapshotVersion(body, cache), listeners, certificates };
}

/** See computeSnapshotVersion. Chunk hashes are remembered by their members' identity when a cache is given. */
export function listenerHash(listener: IrListener, cache?: SnapshotHashCache): string {
  const cached = cache?.get(listener);
  if (cached !== undefined) return cached;
  const h = new CanonicalHasher().raw('{"header":');
  h.canonical(listenerHeader(listener));
  h.raw(',"rules":');
  chunkHashes(h, listener.rules, (rule) => rule.id, (rule) => partHash(rule, cache), cache);
  h.raw(',"virtualHosts":');
  chunkHashes(h, listener.virtualHosts, (host) => host.hostname, (host) => virtualHostHash(host, cache), cache);
  const hash = h.raw('}').hex();
  cache?.set(listener, hash);
  return hash;
}

/** A chunk's hash with the very objects it was made from; `closed`: its last member ends a chunk (else the list ended). */
interface ChunkMemo {
  readonly members: readonly object[];
  readonly closed: boolean;
  readonly hash: string;
}

/**
 * By a chunk's first member. Shared by every cache: a chunk's hash follows from its members'
 * content, and IR objects are immutable, so the same members give the same hash anywhere.
 */
const CHUNKS = new WeakMap<object, ChunkMemo>();

/**
 * A pair whose part hash starts with `0` ends its chunk (one in 16 on average). The first digit:
 * FNV-1a's low bits mix poorly (a rule's last hex digit takes only 8 values, never `0`).
 */
const endsChunk = (hash: string): boolean => hash.charCodeAt(0) === 0x30;

/** Feeds `[H(chunk), ...]` (see computeSnapshotVersion) of the `[key, hash]` pairs of `items`. */
function chunkHashes<T extends object>(h: CanonicalHasher, items: readonly T[], key: (item: T) => string, hash: (item: T) => string, cache: SnapshotHashCache | undefined): void {
  h.raw('[');
  for (let start = 0; start < items.length; ) {
    const memo = cache === undefined ? undefined : CHUNKS.get(items[start] as T);
    let end = memo === undefined ? -1 : start + memo.members.length;
    // The memo holds when the same objects follow in order, and its chunk ends where it did.
    if (memo !== undefined && end <= items.length && (memo.closed || end === items.length)) {
      for (let i = 0; i < memo.members.length; i++) {
        if (items[start + i] !== memo.members[i]) {
          end = -1;
          break;
        }
      }
    } else end = -1;
    let chunkHash: string;
    if (end !== -1) chunkHash = (memo as ChunkMemo).hash;
    else {
      const chunk = new CanonicalHasher().raw('[');
      end = start;
      let closed = false;
      while (end < items.length && !closed) {
        const item = items[end] as T;
        const itemHash = hash(item);
        chunk.raw(end === start ? '[' : ',[');
        chunk.quoted(key(item));
        chunk.raw(',');
        chunk.quoted(itemHash);
        chunk.raw(']');
        closed = endsChunk(itemHash);
        end++;
      }
      chunkHash = chunk.raw(']').hex();
      if (cache !== undefined) CHUNKS.set(items[start] as T, { members: items.slice(start, end), closed, hash: chunkHash });
    }
    h.raw(start === 0 ? '' : ',');
    h.quoted(chunkHash);
    start = end;
  }
  h.raw(']');
}

export function virtualHostHash(virtualHost: IrVirtualHost, cache?: SnapshotHashCache): string {
  const cached = cache?.get(virtualHost);
  if (cached !== undefined) return cached;
  const hash = hashCanonical({ hostname: virtualHost.hostname, routes: virtualHost.routes.map((r) => partHash(r, cache)) });
  cache?.set(virtualHost, hash);
  return hash;
}

/** H(part) for a rule, route entry or certificate. */
export function partHash(part: object, cache?: SnapshotHashCache): string {
  const cached = cache?.get(part);
  if (cached !== undefined) return cached;
  const hash = hashCanonical(part);
  cache?.set(part, hash);
  return hash;
}

/** Everything of a listener except its rules and virtual hosts. */
export function listenerHeader(listener: IrListener): Omit<IrListener, 'rules' | 'virtualHosts'> {
  const { rules: _rules, virtualHosts: _virtualHosts, ...header } = listener;
  return header;
}
