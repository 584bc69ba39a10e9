import type { IrGrpcMatch, IrHttpMatch, IrValueMatch } from '@/lib/ir/match';

/**
 * "Does match A accept every request match B accepts?" for IR matches (defaults filled in,
 * header names lower-cased, duplicates removed). Sound but incomplete on purpose: `true` is a
 * proof, `false` only means "not proven". A regular expression is taken to cover only an
 * identical pattern (language inclusion of two regexes is not decided here), so a diagnostic
 * built on this never reports a false positive.
 */

/** A PathPrefix value as matching uses it: a trailing `/` is ignored (SEMANTICS 4.2). */
export function normalizedPrefix(value: string): string {
  return value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
}

/**
 * The normalised PathPrefix values that match every path `path` (an Exact path, or a normalised
 * prefix): `/`, then each element-boundary prefix, then the path itself (unless it ends in `/`,
 * which a normalised prefix never does). `/foo/bar` -> `/`, `/foo`, `/foo/bar`; never `/fo`.
 */
export function coveringPrefixes(path: string): string[] {
  const out = ['/'];
  for (let slash = path.indexOf('/', 1); slash !== -1; slash = path.indexOf('/', slash + 1)) out.push(path.slice(0, slash));
  if (path !== '/' && !path.endsWith('/')) out.push(path);
  return out;
}

export function pathSubsumes(a: IrHttpMatch['path'], b: IrHttpMatch['path']): boolean {
  if (a.type === 'PathPrefix') {
    const p = normalizedPrefix(a.value);
    if (p === '/') return true; // matches every path, a regex's included
    if (b.type === 'Exact') return b.value === p || b.value.startsWith(`${p}/`);
    if (b.type === 'PathPrefix') {
      const q = normalizedPrefix(b.value);
      return q === p || q.startsWith(`${p}/`);
    }
    return false;
  }
  if (a.type === 'Exact') return b.type === 'Exact' && a.value === b.value;
  // RegularExpression: only an identical pattern is known to match the same paths.
  return b.type === 'RegularExpression' && a.value === b.value;
}

/** Every constraint in `a` is implied by a constraint on the same name in `b` (fewer constraints match more). */
export function valueMatchesSubsume(a: readonly IrValueMatch[], b: readonly IrValueMatch[]): boolean {
  return a.every((x) => b.some((y) => y.name === x.name && y.type === x.type && y.value === x.value));
}

export function httpMatchSubsumes(a: IrHttpMatch, b: IrHttpMatch): boolean {
  return (
    pathSubsumes(a.path, b.path) &&
    (a.method === undefined || a.method === b.method) &&
    valueMatchesSubsume(a.headers, b.headers) &&
    valueMatchesSubsume(a.queryParams, b.queryParams)
  );
}

/** gRPC method matches (SEMANTICS 8.1): Exact service and/or method; RegularExpression only when identical. */
export function grpcMethodSubsumes(a: IrGrpcMatch['method'], b: IrGrpcMatch['method']): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  if (a.type === 'RegularExpression' || b.type === 'RegularExpression') {
    return a.type === b.type && a.service === b.service && a.method === b.method;
  }
  // Both Exact: every field A fixes must be fixed to the same value by B.
  return (a.service === undefined || a.service === b.service) && (a.method === undefined || a.method === b.method);
}

export function grpcMatchSubsumes(a: IrGrpcMatch, b: IrGrpcMatch): boolean {
  return grpcMethodSubsumes(a.method, b.method) && valueMatchesSubsume(a.headers, b.headers);
}
