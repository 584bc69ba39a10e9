/**
 * Three-way merge of JSON values, for resolving a 409 Conflict without losing anyone's update:
 * `base` is what the editor started from, `mine` is the editor's draft, `theirs` is what the
 * server holds now. Changes made on one side only are kept; where both sides changed the same
 * value differently, mine wins and the path is reported so the user can review it.
 * Arrays are merged as whole values (element identity is not knowable in general).
 */
export interface MergeResult {
  value: unknown;
  /** Paths like `spec.rules[0]` where both sides changed the value differently. */
  conflicts: string[];
}

export function threeWayMerge(base: unknown, mine: unknown, theirs: unknown): MergeResult {
  const conflicts: string[] = [];
  const value = merge(base, mine, theirs, '', conflicts);
  return { value, conflicts };
}

const ABSENT = undefined;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}

function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

function merge(base: unknown, mine: unknown, theirs: unknown, path: string, conflicts: string[]): unknown {
  if (equal(mine, theirs)) return theirs;
  if (equal(base, mine)) return theirs;
  if (equal(base, theirs)) return mine;
  if (isPlainObject(mine) && isPlainObject(theirs)) {
    const b = isPlainObject(base) ? base : {};
    const out: Record<string, unknown> = {};
    const keys = new Set([...Object.keys(theirs), ...Object.keys(mine)]);
    for (const key of keys) {
      const v = merge(b[key] ?? ABSENT, mine[key] ?? ABSENT, theirs[key] ?? ABSENT, join(path, key), conflicts);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  conflicts.push(path || '(whole object)');
  return mine;
}
