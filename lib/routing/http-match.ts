import { compileHeaderMatches, effectiveHeaderMatches, type HeaderMatchInput } from '@/lib/routing/headers';
import { compileMethodMatch } from '@/lib/routing/method';
import { HTTP_METHODS } from '@/lib/gateway-api/http-route/mirror-cors';
import { PATH_MATCH_TYPES } from '@/lib/gateway-api/http-route/matches';
import { compilePathMatch, effectivePrefix, type PathMatchInput } from '@/lib/routing/path';
import { compileQueryMatches, effectiveQueryMatches, type QueryMatchInput } from '@/lib/routing/query';
import { checkRegex } from '@/lib/routing/regex/linear-regex';
import { type RequestPredicate } from '@/lib/routing/request';

/**
 * One HTTPRouteMatch as a compiled predicate: path, method, headers and query ANDed
 * (SEMANTICS 4.1). Accepts the Gateway API shape (lib/gateway-api HTTPRouteMatch) and the
 * normalised IR shape alike: an absent path means `PathPrefix /`.
 */
export interface HttpMatchInput {
  path?: PathMatchInput | undefined;
  headers?: readonly HeaderMatchInput[] | undefined;
  queryParams?: readonly QueryMatchInput[] | undefined;
  method?: string | undefined;
}

export const DEFAULT_PATH_MATCH: PathMatchInput = { type: 'PathPrefix', value: '/' };

export function compileHttpMatch(match: HttpMatchInput): RequestPredicate {
  const path = compilePathMatch(match.path ?? DEFAULT_PATH_MATCH);
  const parts = [compileMethodMatch(match.method), compileHeaderMatches(match.headers), compileQueryMatches(match.queryParams)].filter(
    (p): p is RequestPredicate => p !== null,
  );
  if (parts.length === 0) return (req) => path(req.path);
  const [a, b, c] = parts;
  if (parts.length === 1) return (req) => path(req.path) && (a as RequestPredicate)(req);
  if (parts.length === 2) return (req) => path(req.path) && (a as RequestPredicate)(req) && (b as RequestPredicate)(req);
  return (req) => path(req.path) && (a as RequestPredicate)(req) && (b as RequestPredicate)(req) && (c as RequestPredicate)(req);
}

/**
 * How selectRoute checks a match on the path alone (no method, header or query condition: most
 * matches) without calling its predicate (see packed-paths.ts): 'any' matches every path,
 * 'exact' and 'prefix' compare with `value` (an effective prefix, see path.ts). 'predicate':
 * call the predicate.
 */
export type PathOnlyKind = 'predicate' | 'any' | 'exact' | 'prefix';

export interface PathOnlyMatch {
  readonly kind: PathOnlyKind;
  /** The Exact path or the effective prefix; '' for 'any' and 'predicate'. */
  readonly value: string;
}

const BY_PREDICATE: PathOnlyMatch = Object.freeze({ kind: 'predicate', value: '' });

/** The in-line form of `match` (same verdicts as compileHttpMatch: http-match.test.ts compares them). */
export function pathOnlyMatch(match: HttpMatchInput): PathOnlyMatch {
  if (match.method !== undefined || effectiveHeaderMatches(match.headers).length > 0 || effectiveQueryMatches(match.queryParams).length > 0) return BY_PREDICATE;
  const path = match.path ?? DEFAULT_PATH_MATCH;
  if (path.type === 'Exact') return { kind: 'exact', value: path.value };
  if (path.type !== 'PathPrefix') return BY_PREDICATE;
  const prefix = effectivePrefix(path.value);
  return prefix === '/' || prefix === '' ? { kind: 'any', value: '' } : { kind: 'prefix', value: prefix };
}

/** A problem that makes a match unservable, with the field path below the match. */
export interface MatchProblem {
  field: string;
  reason: 'UnsupportedValue';
  message: string;
}

/**
 * What compileHttpMatch would refuse: unknown enum values and regular expressions outside the
 * dialect. The controller reports these as `Accepted=False` / `UnsupportedValue` (or marks the
 * rule invalid) instead of crashing; schema-level validation has already run.
 */
export function checkHttpMatch(match: HttpMatchInput): MatchProblem[] {
  const problems: MatchProblem[] = [];
  const path = match.path ?? DEFAULT_PATH_MATCH;
  if (!(PATH_MATCH_TYPES as readonly string[]).includes(path.type)) {
    problems.push({ field: 'path.type', reason: 'UnsupportedValue', message: `unsupported path match type ${JSON.stringify(path.type)}` });
  } else if (path.type === 'RegularExpression') {
    const err = checkRegex(path.value);
    if (err) problems.push({ field: 'path.value', reason: 'UnsupportedValue', message: err });
  }
  checkValueMatches(problems, 'headers', effectiveHeaderMatches(match.headers), match.headers);
  checkValueMatches(problems, 'queryParams', effectiveQueryMatches(match.queryParams), match.queryParams);
  if (match.method !== undefined && !(HTTP_METHODS as readonly string[]).includes(match.method)) {
    problems.push({ field: 'method', reason: 'UnsupportedValue', message: `unsupported method ${JSON.stringify(match.method)}` });
  }
  return problems;
}

export function checkValueMatches(
  problems: MatchProblem[],
  field: string,
  effective: readonly { type?: string | undefined; name: string; value: string }[],
  original: readonly { name: string }[] | undefined,
): void {
  for (const entry of effective) {
    const index = (original ?? []).findIndex((o) => o.name.toLowerCase() === entry.name.toLowerCase());
    const type = entry.type ?? 'Exact';
    if (type !== 'Exact' && type !== 'RegularExpression') {
      problems.push({ field: `${field}[${index}].type`, reason: 'UnsupportedValue', message: `unsupported match type ${JSON.stringify(type)}` });
    } else if (type === 'RegularExpression') {
      const err = checkRegex(entry.value);
      if (err) problems.push({ field: `${field}[${index}].value`, reason: 'UnsupportedValue', message: err });
    }
  }
}
