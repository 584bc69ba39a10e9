/**
 * An immutable set of Unicode code points, kept as sorted, disjoint, non-adjacent inclusive
 * ranges, with a 128-bit bitmap so the common ASCII test is one array read.
 */
const MAX_CODE_POINT = 0x10ffff;

export class CharSet {
  private readonly ascii: Uint32Array;

  private constructor(private readonly bounds: readonly number[]) {
    this.ascii = new Uint32Array(4);
    for (let i = 0; i < bounds.length; i += 2) {
      const lo = bounds[i] as number;
      const hi = Math.min(bounds[i + 1] as number, 127);
      for (let cp = lo; cp <= hi; cp++) (this.ascii[cp >> 5] as number) |= 1 << (cp & 31);
    }
  }

  static empty(): CharSet {
    return new CharSet([]);
  }

  static any(): CharSet {
    return new CharSet([0, MAX_CODE_POINT]);
  }

  static ranges(...pairs: [number, number][]): CharSet {
    return new CharSet(normalize(pairs.flat()));
  }

  has(cp: number): boolean {
    if (cp < 128) return ((this.ascii[cp >> 5] as number) & (1 << (cp & 31))) !== 0;
    const b = this.bounds;
    // Binary search over the range starts.
    let lo = 0;
    let hi = b.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < (b[mid * 2] as number)) hi = mid - 1;
      else if (cp > (b[mid * 2 + 1] as number)) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: CharSet): CharSet {
    return new CharSet(normalize([...this.bounds, ...other.bounds]));
  }

  negate(): CharSet {
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < this.bounds.length; i += 2) {
      const lo = this.bounds[i] as number;
      if (lo > next) out.push(next, lo - 1);
      next = (this.bounds[i + 1] as number) + 1;
    }
    if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
    return new CharSet(out);
  }

  /** Adds the other ASCII case of every ASCII letter in the set (the `(?i)` flag). */
  foldAsciiCase(): CharSet {
    const extra: number[] = [];
    for (let cp = 0x41; cp <= 0x5a; cp++) {
      if (this.has(cp)) extra.push(cp + 32, cp + 32);
      if (this.has(cp + 32)) extra.push(cp, cp);
    }
    return new CharSet(normalize([...this.bounds, ...extra]));
  }

  /** The code point when the set holds exactly one, else null. */
  singleCodePoint(): number | null {
    return this.bounds.length === 2 && this.bounds[0] === this.bounds[1] ? (this.bounds[0] as number) : null;
  }
}

/** Sorts and merges [lo, hi, lo, hi, ...] into disjoint, non-adjacent ranges. */
function normalize(flat: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}
