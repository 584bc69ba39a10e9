import { LinearRegex } from '@/lib/routing/regex/linear-regex';
import { RegexSyntaxError } from '@/lib/routing/regex/parse-regex';
import { reject, type Ctx } from '@/lib/validation/k8s-issue';

/**
 * H-21: Gateway API leaves the regular-expression dialect to implementations and has no syntax
 * check. Ours is the proxy's own linear-time (RE2-subset) engine in lib/routing, so admission
 * refuses exactly the patterns the data plane could not run, saying where and why.
 */
export function checkRegexValue(ctx: Ctx, path: (string | number)[], value: string | undefined): void {
  if (value === undefined) return;
  try {
    LinearRegex.compile(value);
  } catch (err) {
    if (!(err instanceof RegexSyntaxError)) throw err;
    reject(ctx, path, 'FieldValueInvalid', `Invalid value: ${JSON.stringify(value)}: unsupported regular expression at offset ${err.position}: ${err.detail}`);
  }
}
