/**
 * Content hashing for snapshots: FNV-1a 64 over the UTF-8 bytes of canonical JSON (object keys
 * sorted, `undefined` members dropped, arrays in order). Isomorphic (no node:crypto). Good for
 * change detection, not for security.
 *
 * `hashCanonical` walks the value and feeds the hash the bytes canonical JSON would have,
 * without building the string: a snapshot is tens of megabytes of JSON, and building it only to
 * hash it cost more than the hashing. `hashCanonical(v) === fnv1a64(canonicalJson(v))` always.
 */

const PRIME_LOW = 0x1b3;
/** Two lower-case hex digits per byte value. */
const HEX_BYTE = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * FNV-1a 64 state in two 32-bit halves (streamed by hashCanonical, and by callers that feed a
 * large structure's canonical JSON piece by piece without building it as values first), all arithmetic in 32-bit integers. The prime is
 * 2^40 + 0x1b3, so h * prime = h * 0x1b3 + (low << 40): the low half becomes imul(low, 0x1b3);
 * the high half gets imul(high, 0x1b3), low << 8, and the carry of low * 0x1b3 out of 32 bits,
 * which is computed from low's 16-bit halves so that no intermediate leaves int32 range.
 */
export class CanonicalHasher {
  private hi = 0xcbf29ce4 | 0;
  private lo = 0x84222325 | 0;

  /** Feeds the UTF-8 bytes of `s` (a lone surrogate is encoded as is, as three bytes). */
  update(s: string): this {
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp < 0x80) {
        this.byte(cp);
        continue;
      }
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
          i++;
        }
      }
      if (cp < 0x800) {
        this.byte(0xc0 | (cp >> 6));
        this.byte(0x80 | (cp & 0x3f));
      } else if (cp < 0x10000) {
        this.byte(0xe0 | (cp >> 12));
        this.byte(0x80 | ((cp >> 6) & 0x3f));
        this.byte(0x80 | (cp & 0x3f));
      } else {
        this.byte(0xf0 | (cp >> 18));
        this.byte(0x80 | ((cp >> 12) & 0x3f));
        this.byte(0x80 | ((cp >> 6) & 0x3f));
        this.byte(0x80 | (cp & 0x3f));
      }
    }
    return this;
  }

  /**
   * Feeds what JSON.stringify(s) would produce. The common case (printable ASCII, nothing to
   * escape) is hashed in one pass with no string built; otherwise the state is rewound and the
   * escaped text hashed instead.
   */
  quoted(s: string): void {
    const hi0 = this.hi;
    const lo0 = this.lo;
    let hi = hi0;
    let lo = lo0;
    for (let i = -1; i <= s.length; i++) {
      const c = i < 0 || i === s.length ? 0x22 : s.charCodeAt(i);
      if (i >= 0 && i < s.length && (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x80)) {
        this.hi = hi0;
        this.lo = lo0;
        this.update(JSON.stringify(s));
        return;
      }
      lo ^= c;
      const carry = ((lo >>> 16) * PRIME_LOW + (((lo & 0xffff) * PRIME_LOW) >>> 16)) >>> 16;
      hi = (Math.imul(hi, PRIME_LOW) + (lo << 8) + carry) | 0;
      lo = Math.imul(lo, PRIME_LOW);
    }
    this.hi = hi;
    this.lo = lo;
  }

  /** Feeds canonicalJson(value). Recursive and closure-free: this runs over every byte of a snapshot. */
  canonical(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.quoted(value);
        return;
      case 'boolean':
        this.update(value ? 'true' : 'false');
        return;
      case 'number':
        if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold a non-finite number');
        if (Number.isInteger(value) && value >= 0 && value < 1e15) this.digits(value);
        else this.update(JSON.stringify(value));
        return;
      case 'object': {
        if (value === null) {
          this.update('null');
          return;
        }
        if (Array.isArray(value)) {
          this.byte(0x5b);
          for (let i = 0; i < value.length; i++) {
            if (i > 0) this.byte(0x2c);
            const item: unknown = value[i];
            if (item === undefined) this.update('null');
            else this.canonical(item);
          }
          this.byte(0x5d);
          return;
        }
        const record = value as Record<string, unknown>;
        const keys = sortedKeys(record);
        this.byte(0x7b);
        let first = true;
        for (const k of keys) {
          const v = record[k];
          if (v === undefined) continue;
          if (!first) this.byte(0x2c);
          first = false;
          this.quoted(k);
          this.byte(0x3a);
          this.canonical(v);
        }
        this.byte(0x7d);
        return;
      }
      default:
        throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
    }
  }

  /** Feeds JSON punctuation or other text that needs no escaping, byte for byte (ASCII only). */
  raw(ascii: string): this {
    for (let i = 0; i < ascii.length; i++) this.byte(ascii.charCodeAt(i));
    return this;
  }

  /** The decimal digits of a non-negative integer below 1e15 (what JSON.stringify writes for it), without a string. */
  private digits(n: number): void {
    if (n >= 10) this.digits(Math.floor(n / 10));
    this.byte(0x30 + (n % 10));
  }

  hex(): string {
    const { hi, lo } = this;
    return HEX_BYTE[hi >>> 24]! + HEX_BYTE[(hi >>> 16) & 0xff]! + HEX_BYTE[(hi >>> 8) & 0xff]! + HEX_BYTE[hi & 0xff]! + HEX_BYTE[lo >>> 24]! + HEX_BYTE[(lo >>> 16) & 0xff]! + HEX_BYTE[(lo >>> 8) & 0xff]! + HEX_BYTE[lo & 0xff]!;
  }

  private byte(b: number): void {
    const lo = this.lo ^ b;
    const carry = ((lo >>> 16) * PRIME_LOW + (((lo & 0xffff) * PRIME_LOW) >>> 16)) >>> 16;
    this.hi = (Math.imul(this.hi, PRIME_LOW) + (lo << 8) + carry) | 0;
    this.lo = Math.imul(lo, PRIME_LOW);
  }
}

/**
 * Object.keys(record).sort() for the small records snapshots are made of: insertion sort with
 * `<` (UTF-16 code-unit order, as the default sort compares strings), no comparator calls.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** FNV-1a 64 of a string's UTF-8 bytes, as 16 lower-case hex digits. */
export function fnv1a64(s: string): string {
  return new CanonicalHasher().update(s).hex();
}

/** Canonical JSON of a JSON-compatible value (sorted keys), e.g. for golden files and tests. */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

/** FNV-1a 64 of canonicalJson(value), streamed: the JSON text is never built. */
export function hashCanonical(value: unknown): string {
  const hash = new CanonicalHasher();
  hash.canonical(value);
  return hash.hex();
}

/** Recursive and closure-free. */
function canonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold a non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : canonical(item);
        }
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = record[k];
        if (v === undefined) continue;
        if (!first) out += ',';
        first = false;
        out += `${JSON.stringify(k)}:${canonical(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
