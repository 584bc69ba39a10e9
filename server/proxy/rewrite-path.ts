import { type IrPathModifier } from '@/lib/ir/filters';

/**
 * Path modification shared by URLRewrite and RequestRedirect (SEMANTICS 5.5). `matchedPrefix`
 * is the PathPrefix value of the route entry that matched (the CRD requires exactly one
 * PathPrefix match for ReplacePrefixMatch). Algorithm from SEMANTICS 5.5: `rest` is what
 * follows the matched segments (empty or starting with `/`), one trailing `/` is trimmed from
 * the replacement, the result is `replacement + rest`, or `/` when empty.
 */
export function modifyPath(modifier: IrPathModifier, path: string, matchedPrefix: string): string {
  if (modifier.type === 'ReplaceFullPath') return modifier.value;
  const prefix = matchedPrefix.endsWith('/') ? matchedPrefix.slice(0, -1) : matchedPrefix;
  // Element-wise matching guarantees the path starts with the prefix; guard anyway.
  const rest = path.startsWith(prefix) ? path.slice(prefix.length) : path;
  const replacement = modifier.value.endsWith('/') ? modifier.value.slice(0, -1) : modifier.value;
  const result = replacement + rest;
  return result === '' ? '/' : result;
}
