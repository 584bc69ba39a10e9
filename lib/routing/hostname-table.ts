/**
 * Hostname -> number, for the request path's host lookups: an open-addressing hash table in
 * typed arrays, with every name's characters packed into one array.
 *
 * Why not a Map: with 2,000 hosts a Map lookup reads a bucket, an entry and the key string (a
 * heap object of its own, elsewhere in memory), plus the entries and keys of any collisions in
 * its chain, and none of them is in the CPU cache when the next request for that host comes.
 * Here a lookup reads one bucket (hash, value and where the name's characters are, side by
 * side), compares only names whose hash is equal, and reads those characters from one array.
 * It can also look up a suffix of a string (`get(host, start)`) without slicing it: a wildcard
 * lookup tries every suffix of the request host.
 *
 * Names are compared as given (callers lower-case them). Entries are only added, never
 * removed: the table holds hostname slots, which only grow (see HostSlotTable).
 */
const BUCKET_INTS = 4;
const HASH = 0;
/** value + 1: 0 marks an empty bucket. */
const VALUE = 1;
const OFFSET = 2;
const LENGTH = 3;

const INITIAL_BUCKETS = 8;

export class HostnameTable {
  private buckets = new Int32Array(INITIAL_BUCKETS * BUCKET_INTS);
  private mask = INITIAL_BUCKETS - 1;
  private chars = new Uint16Array(64);
  private charsUsed = 0;
  size = 0;

  /** The value of `name.slice(start)`, or undefined. */
  get(name: string, start = 0): number | undefined {
    if (this.size === 0) return undefined; // a listener index without hostnames: no hashing
    const length = name.length - start;
    const hash = hashChars(name, start);
    const buckets = this.buckets;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const at = i * BUCKET_INTS;
      const value = buckets[at + VALUE] as number;
      if (value === 0) return undefined;
      if (buckets[at + HASH] === hash && buckets[at + LENGTH] === length && this.sameChars(buckets[at + OFFSET] as number, name, start, length)) return value - 1;
    }
  }

  /** Adds `name` with `value` (a non-negative int32); the name must not be in the table yet. */
  add(name: string, value: number): void {
    if (!(value >= 0 && value < 0x7fffffff && Number.isInteger(value))) throw new RangeError(`hostname table value out of range: ${value}`);
    if ((this.size + 1) * 2 > this.buckets.length / BUCKET_INTS) this.rehash(this.buckets.length / BUCKET_INTS * 2);
    const offset = this.charsUsed;
    if (offset + name.length > this.chars.length) this.growChars(offset + name.length);
    for (let j = 0; j < name.length; j++) this.chars[offset + j] = name.charCodeAt(j);
    this.charsUsed = offset + name.length;
    this.place(hashChars(name, 0), value + 1, offset, name.length);
    this.size++;
  }

  private place(hash: number, storedValue: number, offset: number, length: number): void {
    const buckets = this.buckets;
    let i = hash & this.mask;
    while (buckets[i * BUCKET_INTS + VALUE] !== 0) i = (i + 1) & this.mask;
    const at = i * BUCKET_INTS;
    buckets[at + HASH] = hash;
    buckets[at + VALUE] = storedValue;
    buckets[at + OFFSET] = offset;
    buckets[at + LENGTH] = length;
  }

  private sameChars(offset: number, name: string, start: number, length: number): boolean {
    const chars = this.chars;
    for (let j = 0; j < length; j++) if (chars[offset + j] !== name.charCodeAt(start + j)) return false;
    return true;
  }

  private rehash(bucketCount: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(bucketCount * BUCKET_INTS);
    this.mask = bucketCount - 1;
    for (let at = 0; at < old.length; at += BUCKET_INTS) {
      if (old[at + VALUE] !== 0) this.place(old[at + HASH] as number, old[at + VALUE] as number, old[at + OFFSET] as number, old[at + LENGTH] as number);
    }
  }

  private growChars(needed: number): void {
    let length = this.chars.length * 2;
    while (length < needed) length *= 2;
    const next = new Uint16Array(length);
    next.set(this.chars.subarray(0, this.charsUsed));
    this.chars = next;
  }
}

/** FNV-1a over the UTF-16 code units of s[start..], as an int32. */
function hashChars(s: string, start: number): number {
  let h = 0x811c9dc5 | 0;
  for (let j = start; j < s.length; j++) h = Math.imul(h ^ s.charCodeAt(j), 0x01000193);
  return h;
}
