/**
 * P-HEADER-VALUE (`^[!-~]+([\t ]?[!-~]+)*$`, H-25) checked with one linear pass. The regex as
 * written backtracks exponentially in JavaScript on a long value ending in a bad character, and
 * header values are attacker-length input, so it is never run.
 *
 * Accepted: visible US-ASCII (0x21-0x7E), single tabs or spaces between visible characters,
 * visible characters at both ends. Rejected: empty, CR/LF/NUL and other controls, non-ASCII,
 * leading/trailing or doubled whitespace.
 */
export const HEADER_VALUE_PATTERN = '^[!-~]+([\\t ]?[!-~]+)*$';

export function isValidHeaderValue(value: string): boolean {
  if (value.length === 0) return false;
  let previousWasSpace = true; // a leading tab/space is invalid
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x21 && c <= 0x7e) {
      previousWasSpace = false;
    } else if (c === 0x20 || c === 0x09) {
      if (previousWasSpace) return false;
      previousWasSpace = true;
    } else {
      return false;
    }
  }
  return !previousWasSpace;
}
