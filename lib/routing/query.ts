import { type RequestPredicate } from '@/lib/routing/request';
import { compileValueMatch, type ValuePredicate } from '@/lib/routing/value-match';

/**
 * Query-parameter matching (SEMANTICS 4.4): names exact and case-sensitive, the first entry for
 * a name wins, values Exact or RegularExpression, all ANDed; a parameter repeated in the
 * request is matched on its first occurrence.
 */
export interface QueryMatchInput {
  type?: string | undefined;
  name: string;
  value: string;
}

export function effectiveQueryMatches<T extends QueryMatchInput>(params: readonly T[] | undefined): T[] {
  const seen = new Set<string>();
  return (params ?? []).filter((q) => (seen.has(q.name) ? false : (seen.add(q.name), true)));
}

export function compileQueryMatches(params: readonly QueryMatchInput[] | undefined): RequestPredicate | null {
  const entries = effectiveQueryMatches(params);
  if (entries.length === 0) return null;
  const names = entries.map((q) => q.name);
  const tests: ValuePredicate[] = entries.map((q) => compileValueMatch(q.type, q.value));
  return (req) => {
    for (let i = 0; i < names.length; i++) {
      const v = req.query.get(names[i] as string);
      if (v === null || !(tests[i] as ValuePredicate)(v)) return false;
    }
    return true;
  };
}
