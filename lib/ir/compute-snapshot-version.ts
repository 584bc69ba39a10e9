import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type RoutingSnapshot, type RoutingSnapshotBody } from '@/lib/ir/snapshot';
import { CanonicalHasher, hashCanonical } from '@/lib/ir/version-hash';

/**
 * The snapshot's version: a content hash, built as a tree so that unchanged parts need not be
 * rehashed.
 *
 *   version      = H({schemaVersion, listeners: [[name, listenerHash]], certificates: [[id, H(cert)]]})
 *   listenerHash = H({header: listener minus rules/virtualHosts, rules: [[id, H(rule)]],
 *                     virtualHosts: [[hostname, H({hostname, routes: [H(route)]})]]})
 *
 * H is FNV-1a 64 over canonical JSON (version-hash.ts). Equal content gives an equal version in
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

/**
 * hashCanonical({header, rules: [[id, H(rule)]], virtualHosts: [[hostname, H(virtual host)]]}),
 * streamed: a listener with 10,000 rules would otherwise allocate 10,000 pairs per hash, and a
 * delta rehashes its listener every time (compute-snapshot-version.test.ts pins the equality).
 */
export function listenerHash(listener: IrListener, cache?: SnapshotHashCache): string {
  const cached = cache?.get(listener);
  if (cached !== undefined) return cached;
  const h = new CanonicalHasher().raw('{"header":');
  h.canonical(listenerHeader(listener));
  h.raw(',"rules":');
  pairs(h, listener.rules, (rule) => rule.id, (rule) => partHash(rule, cache));
  h.raw(',"virtualHosts":');
  pairs(h, listener.virtualHosts, (host) => host.hostname, (host) => virtualHostHash(host, cache));
  const hash = h.raw('}').hex();
  cache?.set(listener, hash);
  return hash;
}

/** Feeds `[[key, hash], ...]` of `items` as canonical JSON. */
function pairs<T>(h: CanonicalHasher, items: readonly T[], key: (item: T) => string, hash: (item: T) => string): void {
  h.raw('[');
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    h.raw(i === 0 ? '[' : ',[');
    h.quoted(key(item));
    h.raw(',');
    h.quoted(hash(item));
    h.raw(']');
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
