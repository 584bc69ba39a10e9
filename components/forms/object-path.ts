/**
 * Immutable get/set by path for the form editors: the draft is the whole Kubernetes object, and
 * each field edits one path, so fields the form does not know (timeouts, mirror filters...) are
 * kept untouched, and switching to YAML shows exactly the object.
 */
export type Path = readonly (string | number)[];

export function getIn(value: unknown, path: Path): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** Sets `value` at `path` (undefined deletes the key), creating objects/arrays on the way. */
export function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container: unknown = root ?? (typeof head === 'number' ? [] : {});
  const child = setIn((container as Record<string | number, unknown>)[head], rest, value);
  if (Array.isArray(container)) {
    const copy = [...container];
    copy[head as number] = child;
    return copy as T;
  }
  const copy: Record<string, unknown> = { ...(container as Record<string, unknown>) };
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy as T;
}

/** Removes index `i` of the array at `path`. */
export function removeAt<T>(root: T, path: Path, i: number): T {
  const arr = getIn(root, path);
  if (!Array.isArray(arr)) return root;
  return setIn(root, path, arr.filter((_, j) => j !== i));
}

/** Appends `item` to the array at `path` (creating it). */
export function append<T>(root: T, path: Path, item: unknown): T {
  const arr = getIn(root, path);
  return setIn(root, path, [...(Array.isArray(arr) ? arr : []), item]);
}

/** `['spec','rules',0]` -> `spec.rules[0]`, the API's field path notation. */
export function pathToField(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** The array at a place in a draft, or [] when there is none (a half-typed YAML may hold anything). */
export function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
