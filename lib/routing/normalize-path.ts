/**
 * Request-path normalisation before matching (SEMANTICS 4.2 recommendation, our decision 6):
 * drop the query string and fragment, collapse duplicate slashes, resolve `.` and `..`
 * segments (also their percent-encoded spellings `%2e`, so `/%2e%2e/` cannot bypass a more
 * specific rule), and keep every other escape as sent: `%2F` is never a separator.
 * Paths that need none of this are returned as is, without allocating.
 */
export function normalizeRequestPath(raw: string): string {
  let path = raw;
  const cut = firstIndexOf(path, '?', '#');
  if (cut !== -1) path = path.slice(0, cut);
  if (path === '' || path[0] !== '/') path = `/${path}`;
  if (!needsWork(path)) return path;
  const out: string[] = [];
  const segments = path.split('/');
  const last = segments.length - 1;
  for (let i = 1; i <= last; i++) {
    const seg = segments[i] as string;
    const lower = seg.toLowerCase();
    if (lower === '.' || lower === '%2e') {
      if (i === last) out.push('');
      continue;
    }
    if (lower === '..' || lower === '%2e%2e' || lower === '.%2e' || lower === '%2e.') {
      out.pop();
      if (i === last) out.push('');
      continue;
    }
    if (seg === '' && i !== last) continue; // duplicate slash
    out.push(seg);
  }
  return `/${out.join('/')}`;
}

function firstIndexOf(s: string, a: string, b: string): number {
  const i = s.indexOf(a);
  const j = s.indexOf(b);
  if (i === -1) return j;
  if (j === -1) return i;
  return Math.min(i, j);
}

function needsWork(path: string): boolean {
  return path.includes('//') || path.includes('/.') || path.includes('%2e') || path.includes('%2E');
}
