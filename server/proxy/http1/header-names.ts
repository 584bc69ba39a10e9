/**
 * Whether `name`, a header name (an HTTP token, as llhttp parsed it or config validated it),
 * is `lower` (lower-case letters, digits and `-`) in any case, without lower-casing a copy:
 * the per-header checks of the request path compare a few known names this way. Setting bit
 * 0x20 folds ASCII upper case to lower case; it also maps CR to `-` and control characters to
 * digits, and a token holds none of those.
 */
export function isNamed(name: string, lower: string): boolean {
  if (name.length !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((name.charCodeAt(i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}
