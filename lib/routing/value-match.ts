import { LinearRegex } from '@/lib/routing/regex/linear-regex';
import { RoutingCompileError } from '@/lib/routing/path';

/** Exact or RegularExpression comparison of a header / query value (regex: full match). */
export type ValuePredicate = (value: string) => boolean;

export function compileValueMatch(type: string | undefined, value: string): ValuePredicate {
  if (type === undefined || type === 'Exact') return (v) => v === value;
  if (type === 'RegularExpression') {
    const re = LinearRegex.compile(value);
    return (v) => re.test(v);
  }
  throw new RoutingCompileError(`unsupported value match type ${JSON.stringify(type)}`);
}
