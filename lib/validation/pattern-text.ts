/**
 * The pattern text Kubernetes prints in "should match '<pattern>'" messages is the CRD's own
 * string. A JavaScript RegExp's `source` differs for some of them (`/` comes back as `\/`), so
 * patterns are created here from the CRD text and the text is remembered for messages.
 */
const TEXT_BY_REGEX_STRING = new Map<string, string>();

export function crdPattern(text: string, flags = ''): RegExp {
  const regex = new RegExp(text, flags);
  TEXT_BY_REGEX_STRING.set(regex.toString(), text);
  return regex;
}

/** The CRD text of a pattern zod reports (as `/source/flags` or a RegExp). */
export function patternText(pattern: unknown): string {
  const key = pattern instanceof RegExp ? pattern.toString() : String(pattern ?? '');
  const known = TEXT_BY_REGEX_STRING.get(key);
  if (known !== undefined) return known;
  if (pattern instanceof RegExp) return pattern.source;
  return /^\/(.*)\/[a-z]*$/s.exec(key)?.[1] ?? key;
}
