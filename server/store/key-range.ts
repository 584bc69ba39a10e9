/**
 * Key ranges for prefix scans. A prefix scan is the half-open range [prefix, upperBound) so that
 * SQLite answers it with an index range search (never LIKE/GLOB, which would interpret user data
 * as patterns). SQLite compares TEXT with memcmp over UTF-8, and UTF-8 preserves code point
 * order, so incrementing the last code point of the prefix gives the exact exclusive bound.
 */

/** An empty BLOB sorts after every TEXT value in SQLite, so it is an upper bound for "all keys". */
const AFTER_ALL_TEXT: Uint8Array = new Uint8Array(0);

export interface KeyRange {
  /** Inclusive lower bound. */
  lower: string;
  /** Exclusive upper bound; a BLOB means "no upper bound" (the empty prefix). */
  upper: string | Uint8Array;
}

const MAX_CODE_POINT = 0x10ffff;
const SURROGATE_START = 0xd800;
const SURROGATE_END = 0xdfff;

/** The smallest string greater than every string that starts with `prefix`, or undefined if none exists. */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop() as string;
    let next = (last.codePointAt(0) as number) + 1;
    if (next >= SURROGATE_START && next <= SURROGATE_END) next = SURROGATE_END + 1;
    if (next <= MAX_CODE_POINT) return codePoints.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

/** The range of every key that starts with `prefix`. */
export function keyRangeOf(prefix: string): KeyRange {
  return { lower: prefix, upper: prefixUpperBound(prefix) ?? AFTER_ALL_TEXT };
}
