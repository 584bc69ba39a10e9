import { type IrListener, type IrVirtualHost } from '@/lib/ir/listener';
import { type RoutingSnapshot, type RoutingSnapshotBody } from '@/lib/ir/snapshot';
import { type IrRule } from '@/lib/ir/route';
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
  h.raw(',"rules":[');
  const { rules, virtualHosts } = listener;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as IrRule;
    h.raw(i === 0 ? '[' : ',[');
    h.quoted(rule.id);
    h.raw(',');
    h.quoted(partHash(rule, cache));
    h.raw(']');
  }
  h.raw('],"virtualHosts":[');
  for (let i = 0; i < virtualHosts.length; i++) {
    const host = virtualHosts[i] as IrVirtualHost;
    h.raw(i === 0 ? '[' : ',[');
    h.quoted(host.hostname);
    h.raw(',');
    h.quoted(virtualHostHash(host, cache));
    h.raw(']');
  }
  const hash = h.raw(']}').hex();
  cache?.set(listener, hash);
  return hash;
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
