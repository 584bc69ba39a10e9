/**
 * The percent-decoded segments of `url`'s path below `base` (`/api/x/a/b?q` under `/api/x` ->
 * `['a', 'b']`), or undefined when the path is not below `base` or a segment does not decode.
 * Portico's /api handlers parse their paths with it, then check the segments they expect.
 */
export function pathSegments(url: string, base: string): string[] | undefined {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith(`${base}/`)) return undefined;
  try {
    return path.slice(base.length + 1).split('/').map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}
