import { LinearRegex } from '@/lib/routing/regex/linear-regex';

/**
 * HTTPRoute path matching (SEMANTICS 4.2), compiled once per match into a predicate on the
 * normalised request path.
 *  - Exact: byte-for-byte, case-sensitive.
 *  - PathPrefix: element-wise; `/foo` matches `/foo`, `/foo/`, `/foo/bar`, not `/foobar`; a
 *    trailing `/` in the configured prefix is ignored; `/` matches everything.
 *  - RegularExpression: Portico's linear-time dialect, anchored to the full path
 *    (see regex/linear-regex.ts).
 */
export interface PathMatchInput {
  type: string;
  value: string;
}

export type PathPredicate = (path: string) => boolean;

export function pathPrefixMatches(prefix: string, path: string): boolean {
  const p = effectivePrefix(prefix);
  return p === '/' || p === '' || hasPathPrefix(path, p);
}

/** A configured PathPrefix as it is matched: a trailing `/` ignored (`/foo/` is `/foo`); `/` (or '') matches every path. */
export function effectivePrefix(value: string): string {
  return value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
}

/** Element-wise: `path` is `prefix` or continues it with `/`. For an effective prefix other than `/`. */
export function hasPathPrefix(path: string, prefix: string): boolean {
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 0x2f);
}

/** Throws RoutingCompileError on an unknown type or a regex outside the dialect. */
export function compilePathMatch(match: PathMatchInput): PathPredicate {
  switch (match.type) {
    case 'Exact': {
      const value = match.value;
      return (path) => path === value;
    }
    case 'PathPrefix': {
      const p = effectivePrefix(match.value);
      if (p === '/' || p === '') return () => true;
      return (path) => hasPathPrefix(path, p);
    }
    case 'RegularExpression': {
      const re = LinearRegex.compile(match.value);
      return (path) => re.test(path);
    }
    default:
      throw new RoutingCompileError(`unsupported path match type ${JSON.stringify(match.type)}`);
  }
}

/**
 * A match that cannot be compiled. The controller checks matches first (checkHttpMatch) and
 * turns problems into conditions; reaching this at compile time is a programmer error.
 */
export class RoutingCompileError extends Error {
  readonly code = 'ROUTING_COMPILE';
  override name = 'RoutingCompileError';
}
