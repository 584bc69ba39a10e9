import { type IrRoute } from '@/lib/ir/route';
import { type IrVirtualHost } from '@/lib/ir/listener';
import { ANY_HOST, hostnameSpecificityKey, isWildcardHostname } from '@/lib/routing/hostnames';
import { compareSortKeys, grpcMatchSortKey, httpMatchSortKey, type PrecedenceSource } from '@/lib/routing/precedence';

/**
 * The virtual hosts of one listener, each with its candidate route entries in precedence
 * order: the step of the translator that decides matching order, kept here beside the rules
 * it implements.
 *
 * - One virtual host per hostname the listener serves for some route (the intersected
 *   hostnames of SEMANTICS 3.4), sorted exact, then wildcard (more labels first), then `*`.
 * - A virtual host's candidates are the entries of every route that serves a hostname covering
 *   it (its own hostname, a wider wildcard, or `*`), so a request's candidates are exactly the
 *   routes whose hostnames match its host (SEMANTICS 4.6 criterion 1 read literally, decision 2).
 * - Candidates are sorted by httpMatchSortKey / grpcMatchSortKey for that virtual host;
 *   HTTPRoute entries come first, then GRPCRoute entries (never compared with each other).
 */
export interface VirtualHostCandidate {
  /** One (route, rule, match) entry. */
  route: IrRoute;
  /** The route's metadata.creationTimestamp. */
  creationTimestamp?: string | undefined;
  /** The route's spec.hostnames (precedence counts these). */
  hostnames: readonly string[];
  /** intersectHostnames(listener hostname, hostnames): what this listener serves for the route. */
  servedHostnames: readonly string[];
}

export function buildVirtualHosts(candidates: readonly VirtualHostCandidate[], byServed: ReadonlyMap<string, readonly VirtualHostCandidate[]> = bucketCandidates(candidates)): IrVirtualHost[] {
  // Decorate, sort, undecorate: one specificity key per hostname, not two per comparison.
  const hostnames = [...byServed.keys()]
    .map((hostname) => ({ hostname, key: hostnameSpecificityKey(hostname) }))
    .sort((a, b) => compareSortKeys(a.key, b.key))
    .map((k) => k.hostname);
  return hostnames.map((hostname) => ({ hostname, routes: sortCandidates(hostname, collect(byServed, hostname)) }));
}

/** The candidates by each hostname they are served under, in candidate order (what buildVirtualHosts reads). */
export function bucketCandidates(candidates: readonly VirtualHostCandidate[]): Map<string, VirtualHostCandidate[]> {
  const byServed = new Map<string, VirtualHostCandidate[]>();
  for (const c of candidates) {
    for (const served of c.servedHostnames) {
      const bucket = byServed.get(served);
      if (bucket) bucket.push(c);
      else byServed.set(served, [c]);
    }
  }
  return byServed;
}

/**
 * The one virtual host of `hostname`, from bucketCandidates' buckets: equal to its entry in
 * buildVirtualHosts' answer, without building the others (a translator patching a few hosts).
 */
export function buildVirtualHost(hostname: string, byServed: ReadonlyMap<string, readonly VirtualHostCandidate[]>): IrVirtualHost {
  return { hostname, routes: sortCandidates(hostname, collect(byServed, hostname)) };
}

/**
 * `sorted` (virtual hosts in buildVirtualHosts' order) with `added` (hostnames not in it) put
 * where buildVirtualHosts would have put them. A new list; `sorted` is not changed.
 */
export function insertVirtualHosts(sorted: readonly IrVirtualHost[], added: readonly IrVirtualHost[]): IrVirtualHost[] {
  const out = sorted.slice();
  const keys = new Map<string, readonly (number | string)[]>();
  const keyOf = (hostname: string) => {
    let key = keys.get(hostname);
    if (!key) keys.set(hostname, (key = hostnameSpecificityKey(hostname)));
    return key;
  };
  for (const host of added) {
    const key = keyOf(host.hostname);
    // Binary search: the first host that sorts after the new one (hostnames are unique, so the key order is total).
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareSortKeys(keyOf(out[mid]!.hostname), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, host);
  }
  return out;
}

/** The served hostnames that cover `hostname`: itself, each wider wildcard, and `*`. */
export function coveringHostnames(hostname: string): string[] {
  if (hostname === ANY_HOST) return [ANY_HOST];
  const out = [hostname];
  // `a.b.c` -> `*.b.c`, `*.c`; `*.b.c` -> `*.c` (a wildcard never covers its own bare suffix).
  const rest = isWildcardHostname(hostname) ? hostname.slice(2) : hostname;
  for (let dot = rest.indexOf('.'); dot !== -1; dot = rest.indexOf('.', dot + 1)) out.push(`*.${rest.slice(dot + 1)}`);
  out.push(ANY_HOST);
  return out;
}

function collect(byServed: ReadonlyMap<string, readonly VirtualHostCandidate[]>, hostname: string): VirtualHostCandidate[] {
  const seen = new Set<string>();
  const out: VirtualHostCandidate[] = [];
  for (const key of coveringHostnames(hostname)) {
    for (const c of byServed.get(key) ?? []) {
      if (seen.has(c.route.id)) continue;
      seen.add(c.route.id);
      out.push(c);
    }
  }
  return out;
}

function sortCandidates(hostname: string, candidates: VirtualHostCandidate[]): IrRoute[] {
  const keyed = candidates.map((c) => {
    const source: PrecedenceSource = {
      namespace: c.route.source.namespace,
      name: c.route.source.name,
      creationTimestamp: c.creationTimestamp,
      hostnames: c.hostnames,
      ruleIndex: c.route.source.ruleIndex,
      matchIndex: c.route.source.matchIndex,
    };
    const key = c.route.kind === 'HTTPRoute' ? httpMatchSortKey(source, c.route.match, hostname) : grpcMatchSortKey(source, c.route.match, hostname);
    return { route: c.route, grpc: c.route.kind === 'GRPCRoute' ? 1 : 0, key };
  });
  keyed.sort((a, b) => a.grpc - b.grpc || compareSortKeys(a.key, b.key) || (a.route.id < b.route.id ? -1 : a.route.id > b.route.id ? 1 : 0));
  return keyed.map((k) => k.route);
}
