/**
 * Finds duplicate object keys in a JSON text, which JSON.parse silently collapses (last wins).
 * Field validation must report each one as `duplicate field "<path>"`. The input is
 * already known to be valid JSON (JSON.parse succeeded), so this scanner only tracks structure.
 */
export function findDuplicateJsonKeys(text: string): string[] {
  // Fast path: most bodies have no repeated key at all within a line of sight; only scan when
  // the cheap check cannot rule duplicates out. Objects without '{' cannot have keys.
  if (!text.includes('{')) return [];
  const duplicates: string[] = [];
  interface Frame {
    isObject: boolean;
    path: string;
    keys: Set<string>;
    index: number;
    expectKey: boolean;
    currentKey?: string;
  }
  const stack: Frame[] = [];
  const childPath = (f: Frame): string =>
    f.isObject ? (f.path ? `${f.path}.${f.currentKey ?? ''}` : (f.currentKey ?? '')) : `${f.path}[${f.index}]`;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let j = start;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      if (top?.isObject && top.expectKey) {
        const raw = text.slice(start, j);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) duplicates.push(top.path ? `${top.path}.${key}` : key);
        top.keys.add(key);
        top.currentKey = key;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const path = top ? childPath(top) : '';
      stack.push({ isObject: c === 0x7b, path, keys: new Set(), index: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */ && top) {
      if (top.isObject) top.expectKey = true;
      else top.index++;
    }
    i++;
  }
  return duplicates;
}
