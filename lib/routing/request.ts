/**
 * The request as the matchers see it. The proxy adapts Node's request to this shape without
 * copying (headers are read lazily by name); the console preview builds one from a form.
 */

/** A query-string reader: the first value of a parameter, or null. `URLSearchParams` fits. */
export interface QueryLike {
  get(name: string): string | null;
}

export interface RoutingRequest {
  /** Upper-case method, e.g. `GET`. */
  method: string;
  /** The path without the query string, already normalised (see normalizeRequestPath). */
  path: string;
  /**
   * A header's value by LOWER-CASE name, with repeated headers joined by `, ` (what Node's
   * `req.headers` gives), or undefined when absent.
   */
  headers: (lowerCaseName: string) => string | undefined;
  query: QueryLike;
}

/** A predicate over requests, compiled once from a match. */
export type RequestPredicate = (req: RoutingRequest) => boolean;

/**
 * A RoutingRequest from plain values (console preview, tests). Header names are folded to
 * lower case; array values are joined with `, `. `query` is a raw query string (with or
 * without the leading `?`) or a reader; its first occurrence of a name wins.
 */
export function routingRequestFrom(parts: {
  method?: string;
  path: string;
  headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  query?: string | QueryLike;
}): RoutingRequest {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(parts.headers ?? {})) {
    if (value === undefined) continue;
    const joined = typeof value === 'string' ? value : value.join(', ');
    const key = name.toLowerCase();
    const prior = headers.get(key);
    headers.set(key, prior === undefined ? joined : `${prior}, ${joined}`);
  }
  const query = typeof parts.query === 'object' ? parts.query : new URLSearchParams(parts.query ?? '');
  return {
    method: (parts.method ?? 'GET').toUpperCase(),
    path: parts.path,
    headers: (name) => headers.get(name),
    query,
  };
}
