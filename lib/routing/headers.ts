import { type RequestPredicate } from '@/lib/routing/request';
import { compileValueMatch, type ValuePredicate } from '@/lib/routing/value-match';

/**
 * Header matching (SEMANTICS 4.3): names case-insensitive, the first entry for a name wins
 * (later duplicates are ignored), values Exact (case-sensitive) or RegularExpression, all
 * entries ANDed. A repeated request header is matched as its `, `-joined value.
 */
export interface HeaderMatchInput {
  type?: string | undefined;
  name: string;
  value: string;
}

/** The entries that count: first per lower-cased name, in order, names lower-cased. */
export function effectiveHeaderMatches<T extends HeaderMatchInput>(headers: readonly T[] | undefined): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const h of headers ?? []) {
    const name = h.name.toLowerCase();
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ ...h, name });
  }
  return out;
}

export function compileHeaderMatches(headers: readonly HeaderMatchInput[] | undefined): RequestPredicate | null {
  const entries = effectiveHeaderMatches(headers);
  if (entries.length === 0) return null;
  const names = entries.map((h) => h.name);
  const tests: ValuePredicate[] = entries.map((h) => compileValueMatch(h.type, h.value));
  return (req) => {
    for (let i = 0; i < names.length; i++) {
      const v = req.headers(names[i] as string);
      if (v === undefined || !(tests[i] as ValuePredicate)(v)) return false;
    }
    return true;
  };
}
