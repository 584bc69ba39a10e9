/**
 * Content hashing for snapshots: FNV-1a 64 over the UTF-8 bytes of canonical JSON (object keys
 * sorted, `undefined` members dropped, arrays in order). Isomorphic (no node:crypto). Good for
 * change detection, not for security.
 */

const MASK16 = 0xffff;

/** FNV-1a 64 state in four 16-bit limbs (h0 lowest), so all arithmetic stays exact in doubles. */
class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  private byte(b: number): void {
    this.h0 ^= b;
    // h * 0x100000001b3 = h * 0x1b3 + (h << 40)
    const t0 = this.h0 * 0x1b3;
    const t1 = this.h1 * 0x1b3 + (t0 >>> 16);
    const t2 = this.h2 * 0x1b3 + (t1 >>> 16) + ((this.h0 << 8) & MASK16);
    const t3 = this.h3 * 0x1b3 + (t2 >>> 16) + ((this.h1 << 8) & MASK16) + (this.h0 >>> 8);
    this.h0 = t0 & MASK16;
    this.h1 = t1 & MASK16;
    this.h2 = t2 & MASK16;
    this.h3 = t3 & MASK16;
  }

  update(s: string): this {
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      if (cp < 0x80) this.byte(cp);
      else if (cp < 0x800) {
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

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
  }
}

/** FNV-1a 64 of a string's UTF-8 bytes, as 16 lower-case hex digits. */
export function fnv1a64(s: string): string {
  return new Fnv1a64().update(s).hex();
}

/** Canonical JSON of a JSON-compatible value (sorted keys), e.g. for golden files and tests. */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

/** FNV-1a 64 of canonicalJson(value). */
export function hashCanonical(value: unknown): string {
  return fnv1a64(canonical(value));
}

/** Recursive and closure-free: this runs over every byte of a snapshot. */
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
