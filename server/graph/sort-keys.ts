/**
 * Deterministic ordering: code-unit string comparison (never locale-dependent) and tuple keys,
 * so every list that reaches status or IR sorts the same way on every machine.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type SortKey = readonly (string | number)[];

export function compareKeys(a: SortKey, b: SortKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return compareStrings(String(x), String(y));
  }
  return a.length - b.length;
}

/** Stable; each item's key is computed once (decorate, sort, undecorate), not twice per comparison. */
export function sortBy<T>(items: readonly T[], key: (item: T) => SortKey): T[] {
  const decorated = items.map((item, index) => ({ item, index, key: key(item) }));
  decorated.sort((a, b) => compareKeys(a.key, b.key) || a.index - b.index);
  return decorated.map((d) => d.item);
}
