import { effectiveHeaderMatches } from '@/lib/routing/headers';
import { type GrpcMatchInput } from '@/lib/routing/grpc-match';
import { DEFAULT_PATH_MATCH, type HttpMatchInput } from '@/lib/routing/http-match';
import { hostnameCovers, isWildcardHostname } from '@/lib/routing/hostnames';
import { effectiveQueryMatches } from '@/lib/routing/query';

/**
 * Route precedence (SEMANTICS 4.6 for HTTPRoute, 8.1 for GRPCRoute) as sort-key tuples: sort
 * the candidate (route, rule, match) entries of one virtual host ascending by key, and the
 * first entry that matches a request serves it. Every term is "smaller wins".
 *
 * HTTPRoute key, in 4.6 order:
 *  1. hostname: -(chars of the longest matching precise route hostname), then -(chars of the
 *     longest matching route hostname, wildcards included); a route without hostnames counts 0.
 *     "Matching" means the route hostname covers the virtual host's hostname (hostnameCovers):
 *     with listener isolation the controller builds one virtual host per intersected hostname,
 *     and every route whose hostname covers it is a candidate there (decision 2 in SEMANTICS
 *     12: an exact-hostname route's rules rank first, a wildcard route's rules remain a fallback).
 *  2. path kind: Exact 0, PathPrefix 1, RegularExpression 2 (our choice, as 4.6 recommends:
 *     regex after every prefix, so a catch-all regex never shadows a literal rule);
 *  3. -(configured path value length in characters): the longer prefix wins; among regexes the
 *     longer pattern wins (4.6 recommendation); for Exact it is inert (one value per path);
 *  4. method set 0, unset 1;
 *  5. -(header matchers, first-per-name duplicates removed);
 *  6. -(query matchers, duplicates removed);
 *  7. route creationTimestamp in ms (older first; missing/unparsable sorts last);
 *  8. `namespace/name`, compared by code unit (not locale);
 *  9. rule index, then match index (determinism only: one rule serves either way).
 */
export type HttpMatchSortKey = readonly [number, number, number, number, number, number, number, number, string, number, number];

/** GRPCRoute key (8.1): hostname terms as above, -service chars, -method chars, -headers, then age, name, rule, match. */
export type GrpcMatchSortKey = readonly [number, number, number, number, number, number, string, number, number];

/** Where an entry comes from, as precedence needs it. */
export interface PrecedenceSource {
  namespace: string;
  name: string;
  /** metadata.creationTimestamp (RFC 3339). */
  creationTimestamp?: string | undefined;
  /** The route's spec.hostnames (not the intersected ones; empty = none). */
  hostnames: readonly string[];
  ruleIndex: number;
  matchIndex: number;
}

const PATH_KIND: Record<string, number> = { Exact: 0, PathPrefix: 1, RegularExpression: 2 };

/** [-(longest matching precise route hostname), -(longest matching route hostname)] for a virtual host. */
export function hostnameTerms(routeHostnames: readonly string[], virtualHostHostname: string): [number, number] {
  let precise = 0;
  let any = 0;
  for (const h of routeHostnames) {
    const hostname = h.toLowerCase();
    if (!hostnameCovers(hostname, virtualHostHostname)) continue;
    any = Math.max(any, hostname.length);
    if (!isWildcardHostname(hostname)) precise = Math.max(precise, hostname.length);
  }
  return [-precise, -any];
}

function creationMillis(timestamp: string | undefined): number {
  const ms = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  return Number.isNaN(ms) ? Number.MAX_SAFE_INTEGER : ms;
}

export function httpMatchSortKey(source: PrecedenceSource, match: HttpMatchInput, virtualHostHostname: string): HttpMatchSortKey {
  const [precise, any] = hostnameTerms(source.hostnames, virtualHostHostname);
  const path = match.path ?? DEFAULT_PATH_MATCH;
  return [
    precise,
    any,
    PATH_KIND[path.type] ?? 3,
    -path.value.length,
    match.method === undefined ? 1 : 0,
    -effectiveHeaderMatches(match.headers).length,
    -effectiveQueryMatches(match.queryParams).length,
    creationMillis(source.creationTimestamp),
    `${source.namespace}/${source.name}`,
    source.ruleIndex,
    source.matchIndex,
  ];
}

export function grpcMatchSortKey(source: PrecedenceSource, match: GrpcMatchInput, virtualHostHostname: string): GrpcMatchSortKey {
  const [precise, any] = hostnameTerms(source.hostnames, virtualHostHostname);
  return [
    precise,
    any,
    -(match.method?.service?.length ?? 0),
    -(match.method?.method?.length ?? 0),
    -effectiveHeaderMatches(match.headers).length,
    creationMillis(source.creationTimestamp),
    `${source.namespace}/${source.name}`,
    source.ruleIndex,
    source.matchIndex,
  ];
}

/** Ascending element-wise comparison of two keys of the same shape. */
export function compareSortKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export const compareHttpMatchKeys: (a: HttpMatchSortKey, b: HttpMatchSortKey) => number = compareSortKeys;
export const compareGrpcMatchKeys: (a: GrpcMatchSortKey, b: GrpcMatchSortKey) => number = compareSortKeys;
