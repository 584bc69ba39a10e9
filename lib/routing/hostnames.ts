/**
 * Gateway API hostname semantics (SEMANTICS 2.4, 3.4): one place for "does this pattern match
 * this host", "what does a route serve on a listener" and "how specific is a hostname".
 *
 * Hostnames here are lower-case RFC 1123 names (the CRD forbids upper case); request hosts go
 * through `normalizeRequestHost` first. `*` (or an absent hostname) means "any host".
 * A wildcard `*.example.com` covers ONE OR MORE extra labels, never `example.com` itself.
 */

/** "Any host": an absent listener hostname, or a route with no hostnames. */
export const ANY_HOST = '*';

export function isWildcardHostname(hostname: string): boolean {
  return hostname.startsWith('*.');
}

/**
 * Whether `host` (a concrete request host) is matched by `pattern` (exact, `*.suffix`, or `*`).
 * Case-insensitive on both sides, so callers may pass raw values.
 */
export function hostnameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === ANY_HOST || p === '') return true;
  if (!isWildcardHostname(p)) return p === h;
  // `*.example.com` needs at least one label before `.example.com`.
  const suffix = p.slice(1); // ".example.com"
  return h.length > suffix.length && h.endsWith(suffix);
}

/**
 * Whether every host `inner` admits is also admitted by `outer` (both may be `*`, exact or
 * wildcard). Used to decide which routes are candidates in a virtual host: a route whose
 * hostname covers the virtual host's hostname serves every request that virtual host receives.
 */
export function hostnameCovers(outer: string, inner: string): boolean {
  if (outer === ANY_HOST) return true;
  if (inner === ANY_HOST) return false;
  if (!isWildcardHostname(outer)) return outer === inner;
  if (!isWildcardHostname(inner)) return hostnameMatches(outer, inner);
  // *.s covers *.t when t == s or t ends with ".s".
  const s = outer.slice(2);
  const t = inner.slice(2);
  return t === s || t.endsWith(`.${s}`);
}

/** The intersection of one listener hostname with one route hostname (the table in 3.4). */
function intersectOne(listener: string, route: string): string | null {
  if (listener === ANY_HOST) return route;
  if (route === ANY_HOST) return listener;
  if (hostnameCovers(listener, route)) return route;
  if (hostnameCovers(route, listener)) return listener;
  return null;
}

/**
 * The hostnames a route serves on a listener (SEMANTICS 3.4), deduplicated and sorted for
 * determinism. `null` means no intersection: the route gets `NoMatchingListenerHostname` on that
 * listener. `['*']` means any host (neither side restricts). Route hostnames that intersect
 * nothing are dropped.
 */
export function intersectHostnames(listenerHostname: string | undefined, routeHostnames: readonly string[]): string[] | null {
  const listener = listenerHostname === undefined || listenerHostname === '' ? ANY_HOST : listenerHostname.toLowerCase();
  const routes = routeHostnames.length === 0 ? [ANY_HOST] : routeHostnames.map((h) => h.toLowerCase());
  const out = new Set<string>();
  for (const route of routes) {
    const hit = intersectOne(listener, route);
    if (hit !== null) out.add(hit);
  }
  if (out.size === 0) return null;
  return [...out].sort();
}

/**
 * Specificity of a listener or virtual-host hostname as an ascending sort key: exact names
 * first (longer first, then alphabetical for determinism), then wildcards with more labels
 * first, then `*`. Tuple: [class (0 exact, 1 wildcard, 2 any), -labels, -length, name].
 */
export function hostnameSpecificityKey(hostname: string): [number, number, number, string] {
  if (hostname === ANY_HOST || hostname === '') return [2, 0, 0, ''];
  const labels = hostname.split('.').length;
  return [isWildcardHostname(hostname) ? 1 : 0, -labels, -hostname.length, hostname];
}

/** Ascending comparison by hostnameSpecificityKey: most specific first. */
export function compareHostnameSpecificity(a: string, b: string): number {
  const ka = hostnameSpecificityKey(a);
  const kb = hostnameSpecificityKey(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i] as number | string;
    const y = kb[i] as number | string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * A request's Host / `:authority` / SNI as a lower-case hostname: port removed (also from
 * `[v6]:port`), one trailing dot removed. Returns '' for an empty host.
 */
export function normalizeRequestHost(raw: string): string {
  let host = raw;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    host = end === -1 ? host : host.slice(0, end + 1);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.toLowerCase();
}
